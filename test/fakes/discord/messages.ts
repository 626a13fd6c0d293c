import type { APIMessage } from "discord.js";
import { DiscordHttpError, fileIndex, invalidFormBody } from "./body.js";
import type { Cdn } from "./cdn.js";
import type { EventLog } from "./events.js";
import type { FakeMessage, MessageRevision, RecordedFile, StoredAttachment } from "./index.js";
import { FormErrors } from "./form-errors.js";
import { assertNotEmpty, attachmentReferences, parseMessageBody, type MessageBody } from "./message-body.js";
import { messageToApi } from "./message-api.js";
import type { World } from "./world.js";

export const ephemeralFlag = 1 << 6;
export const loadingFlag = 1 << 7;

/** What a message records about the interaction it answers (→ `interaction_metadata`). */
export interface InteractionMeta {
  id: string;
  type: number;
  name: string;
  userId: string;
  owners: Record<string, string>;
  /** Set on follow-ups: the id of the original response. */
  originalResponseId?: string;
}

export interface StoredMessage extends FakeMessage {
  type: number;
  meta: InteractionMeta | null;
}

export interface CreateMessageInput {
  channelId: string;
  json: unknown;
  files: RecordedFile[];
  meta?: InteractionMeta;
  /** Message type: 0 default, 20 chat-input reply, 23 context-menu reply. */
  type?: number;
  /** Extra flags the fake sets itself (loading for deferred replies). */
  extraFlags?: number;
  /** Deferred messages may start empty. */
  allowEmpty?: boolean;
  /** A user's own message (test driver); default: the bot is the author. */
  authorId?: string;
}

/** How long Discord remembers an enforced nonce by default ("the past few minutes"; resources/message#create-message). */
export const defaultNonceWindowMs = 5 * 60_000;

export class MessageStore {
  private readonly byId = new Map<string, StoredMessage>();
  private readonly byNonce = new Map<string, StoredMessage>();

  constructor(
    private readonly world: World,
    private readonly cdn: Cdn,
    private readonly events: EventLog,
    private readonly nextId: () => string,
    private readonly now: () => number,
    private readonly uploadLimit: number,
    private readonly nonceWindowMs: number = defaultNonceWindowMs,
  ) {}

  get(id: string): StoredMessage | undefined {
    return this.byId.get(id);
  }

  private readonly dmChannels = new Map<string, { id: string; userId: string }>();

  /** Create DM (users/@me/channels): one DM channel per recipient. */
  dmChannelFor(user: { id: string; username: string }) {
    let channel = [...this.dmChannels.values()].find((c) => c.userId === user.id);
    if (!channel) {
      channel = { id: this.nextId(), userId: user.id };
      this.dmChannels.set(channel.id, channel);
    }
    return {
      id: channel.id,
      type: 1,
      last_message_id: null,
      flags: 0,
      recipients: [
        { id: user.id, username: user.username, discriminator: "0", global_name: null, avatar: null },
      ],
    };
  }

  isDmChannel(channelId: string): boolean {
    return this.dmChannels.has(channelId);
  }

  /** The DM channel of a user, if the bot opened one. */
  dmChannelOf(userId: string): string | undefined {
    return [...this.dmChannels.values()].find((c) => c.userId === userId)?.id;
  }

  inChannel(channelId: string): StoredMessage[] {
    return [...this.byId.values()].filter((m) => m.channelId === channelId && !m.deleted);
  }

  create(input: CreateMessageInput): StoredMessage {
    const body = parseMessageBody(input.json, input.meta ? "interaction" : "channel");
    // Discord: with enforce_nonce, a nonce seen from the same author in the last minutes returns that message.
    if (body.enforce_nonce && body.nonce !== undefined && body.nonce !== null) {
      const key = `${input.channelId}:${String(body.nonce)}`;
      const earlier = this.byNonce.get(key);
      if (earlier && !earlier.deleted && this.now() - earlier.createdAt < this.nonceWindowMs) return earlier;
    }
    if (!input.allowEmpty) assertNotEmpty(body, input.files.length);
    // Only interaction responses can be ephemeral; Discord ignores the flag elsewhere.
    const requested = input.meta ? (body.flags ?? 0) : (body.flags ?? 0) & ~ephemeralFlag;
    const flags = requested | (input.extraFlags ?? 0);
    const message: StoredMessage = {
      id: this.nextId(),
      channelId: input.channelId,
      guildId: this.world.channelById(input.channelId)?.guildId ?? null,
      authorId: input.authorId ?? this.world.bot.id,
      content: body.content ?? "",
      embeds: body.embeds ?? [],
      components: body.components ?? [],
      attachments: this.attachments([], body, input.files, input.channelId, false),
      flags,
      ephemeral: (flags & ephemeralFlag) !== 0,
      interactionId: input.meta?.id ?? null,
      allowedMentions: body.allowed_mentions ?? null,
      mentionedUserIds: [],
      createdAt: this.now(),
      editedAt: null,
      deleted: false,
      edits: [],
      type: input.type ?? 0,
      meta: input.meta ?? null,
    };
    message.mentionedUserIds = this.mentions(message);
    this.byId.set(message.id, message);
    if (body.enforce_nonce && body.nonce !== undefined && body.nonce !== null) {
      this.byNonce.set(`${input.channelId}:${String(body.nonce)}`, message);
    }
    this.events.emit({ type: "messageCreate", message });
    return message;
  }

  edit(
    message: StoredMessage,
    json: unknown,
    files: RecordedFile[],
    via: MessageRevision["via"],
  ): StoredMessage {
    const body = parseMessageBody(json, via === "channel" ? "channel" : "interaction");
    if (body.content !== undefined) message.content = body.content ?? "";
    if (body.embeds !== undefined) message.embeds = body.embeds ?? [];
    if (body.components !== undefined) message.components = body.components ?? [];
    if (body.allowed_mentions !== undefined) message.allowedMentions = body.allowed_mentions;
    // Visibility is fixed at creation; any edit ends the loading state.
    const kept = message.flags & ephemeralFlag;
    message.flags = ((body.flags ?? message.flags) & ~(loadingFlag | ephemeralFlag)) | kept;
    message.attachments = this.attachments(message.attachments, body, files, message.channelId, true);
    message.mentionedUserIds = this.mentions(message);
    message.editedAt = this.now();
    message.edits.push({
      at: message.editedAt,
      via,
      content: message.content,
      embeds: message.embeds,
      components: message.components,
      attachments: message.attachments.map((a) => a.filename),
      flags: message.flags,
    });
    this.events.emit({ type: "messageUpdate", message });
    return message;
  }

  delete(message: StoredMessage): void {
    message.deleted = true;
    for (const attachment of message.attachments) this.cdn.remove(attachment.url);
    this.events.emit({ type: "messageDelete", message });
  }

  toApi(message: StoredMessage): APIMessage {
    return messageToApi(this.world, message);
  }

  /**
   * A message as a bot without the privileged Message Content intent reads it over REST: other
   * users' messages come with empty content, embeds, attachments and components
   * (topics/gateway#message-content-intent). Interactions still carry the full target message.
   */
  toApiWithoutContentIntent(message: StoredMessage): APIMessage {
    const full = messageToApi(this.world, message);
    if (message.authorId === this.world.bot.id) return full;
    return { ...full, content: "", embeds: [], attachments: [], components: [] };
  }

  private attachments(
    existing: StoredAttachment[],
    body: MessageBody,
    files: RecordedFile[],
    channelId: string,
    isEdit: boolean,
  ): StoredAttachment[] {
    for (const file of files) {
      if (file.size > this.uploadLimit) throw new DiscordHttpError(413, 40005, "Request entity too large");
    }
    checkAttachmentReferences(body, files, existing);
    const uploads = new Map(files.map((f, i) => [fileIndex(f, i), f]));
    const store = (file: RecordedFile, description?: string | null) =>
      this.cdn.storeUpload(channelId, file, description ?? null);
    if (!body.attachments) {
      return [...(isEdit ? existing : []), ...files.map((f) => store(f))];
    }
    const result: StoredAttachment[] = [];
    body.attachments.forEach((entry, i) => {
      const id = String(entry.id);
      const kept = existing.find((a) => a.id === id);
      const upload = uploads.get(id);
      if (kept) result.push(kept);
      else if (upload) {
        uploads.delete(id);
        result.push(store(upload, entry.description));
      } else
        throw invalidFormBody({
          attachments: {
            [i]: { _errors: [{ code: "ATTACHMENT_NOT_FOUND", message: "Unknown attachment" }] },
          },
        });
    });
    return [...result, ...[...uploads.values()].map((f) => store(f))];
  }

  private mentions(message: StoredMessage): string[] {
    const allowed = message.allowedMentions as { parse?: string[]; users?: string[] } | null;
    const ids = [...message.content.matchAll(/<@!?(\d+)>/g)].map((m) => m[1] ?? "");
    const known = new Set([this.world.bot.id, ...this.world.users.map((u) => u.id)]);
    return [...new Set(ids)].filter(
      (id) => known.has(id) && (!allowed || allowed.parse?.includes("users") || allowed.users?.includes(id)),
    );
  }
}

/**
 * `attachment://name` in an embed must name a file of the same request or an attachment the request
 * keeps by id (reference#uploading-files, #editing-message-attachments). Real Discord does not refuse
 * other references, it misrenders them (discord-api-docs#5675: the picture shows twice), so the fake
 * refuses them to make that mistake fail a test.
 */
function checkAttachmentReferences(
  body: MessageBody,
  files: RecordedFile[],
  existing: StoredAttachment[],
): void {
  const named = new Set(files.map((f) => f.filename));
  for (const entry of body.attachments ?? []) {
    const kept = existing.find((a) => a.id === String(entry.id));
    if (kept) named.add(kept.filename);
  }
  const errors = new FormErrors();
  for (const ref of attachmentReferences(body)) {
    if (!named.has(ref.name))
      errors.add(
        ref.path,
        "EMBED_ATTACHMENT_NOT_IN_REQUEST",
        `attachment://${ref.name} names no file of this request and no kept attachment`,
      );
  }
  errors.throwIfAny();
}
