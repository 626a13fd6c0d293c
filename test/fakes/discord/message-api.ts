import type {
  APIAttachment,
  APIEmbed,
  APIMessage,
  APIMessageTopLevelComponent,
  MessageFlags,
  MessageType,
} from "discord.js";
import type { StoredAttachment } from "./index.js";
import { imageSize } from "./image-size.js";
import type { StoredMessage } from "./messages.js";
import { apiUser } from "./payloads.js";
import type { World } from "./world.js";

/** The full message object discord.js caches (NOTES.md §2.2: every field it reads unguarded). */
export function messageToApi(world: World, message: StoredMessage): APIMessage {
  const bot = apiUser(world.bot, true);
  const author = message.authorId === world.bot.id ? bot : apiUser(world.user(message.authorId));
  const meta = message.meta;
  const invoker = meta ? world.user(meta.userId) : undefined;
  return {
    id: message.id,
    channel_id: message.channelId,
    author,
    content: message.content,
    timestamp: new Date(message.createdAt).toISOString(),
    edited_timestamp: message.editedAt === null ? null : new Date(message.editedAt).toISOString(),
    tts: false,
    mention_everyone: false,
    mentions: message.mentionedUserIds.map((id) => apiUser(world.user(id))),
    mention_roles: [],
    attachments: message.attachments.map(toApiAttachment),
    embeds: message.embeds as APIEmbed[],
    components: message.components as APIMessageTopLevelComponent[],
    pinned: false,
    type: message.type as MessageType,
    flags: message.flags as MessageFlags,
    ...(meta && invoker
      ? {
          webhook_id: world.applicationId,
          application_id: world.applicationId,
          interaction_metadata: {
            id: meta.id,
            type: meta.type,
            user: apiUser(invoker),
            authorizing_integration_owners: meta.owners,
            ...(meta.originalResponseId ? { original_response_message_id: meta.originalResponseId } : {}),
          } as APIMessage["interaction_metadata"],
          interaction: { id: meta.id, type: meta.type, name: meta.name, user: apiUser(invoker) },
        }
      : {}),
  };
}

function toApiAttachment(a: StoredAttachment): APIAttachment {
  const size = imageSize(a.bytes);
  return {
    id: a.id,
    filename: a.filename,
    size: a.size,
    url: a.url,
    proxy_url: a.url,
    content_type: a.contentType,
    ...(size ? { width: size.width, height: size.height } : {}),
    ...(a.description ? { description: a.description } : {}),
  };
}
