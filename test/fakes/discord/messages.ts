import type { APIMessage } from "discord.js";
import { DiscordHttpError, fileIndex, invalidFormBody } from "./body.js";
import type { Cdn } from "./cdn.js";
import type { EventLog } from "./events.js";
import type { FakeMessage, MessageRevision, RecordedFile, StoredAttachment } from "./index.js";
import { assertNotEmpty, parseMessageBody, type MessageBody } from "./message-body.js";
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
}

/** How long Discord remembers an enforced nonce ("the past few minutes"). */
const nonceWindowMs = 5 * 60_000;

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
  ) {}

  get(id: string): StoredMessage | undefined {
    return this.byId.get(id);
  }

  inChannel(channelId: string): StoredMessage[] {
    return [...this.byId.values()].filter((m) => m.channelId === channelId && !m.deleted);
  }

  create(input: CreateMessageInput): StoredMessage {
    const body = parseMessageBody(input.json);
    // Discord: with enforce_nonce, a nonce seen from the same author in the last minutes returns that message.
    if (body.enforce_nonce && body.nonce !== undefined && body.nonce !== null) {
      const key = `${input.channelId}:${String(body.nonce)}`;
      const earlier = this.byNonce.get(key);
      if (earlier && this.now() - earlier.createdAt < nonceWindowMs) return earlier;
    }
    if (!input.allowEmpty) assertNotEmpty(body, input.files.length);
    // Only interaction responses can be ephemeral; Discord ignores the flag elsewhere.
    const requested = input.meta ? (body.flags ?? 0) : (body.flags ?? 0) & ~ephemeralFlag;
    const flags = requested | (input.extraFlags ?? 0);
    const message: StoredMessage = {
      id: this.nextId(),
      channelId: input.channelId,
      guildId: this.world.channelById(input.channelId)?.guildId ?? null,
      authorId: this.world.bot.id,
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
    const body = parseMessageBody(json);
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
