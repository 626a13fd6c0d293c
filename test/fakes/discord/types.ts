/** Configuration, world and recorded-traffic types of the fake Discord. */

// ---------------------------------------------------------------- configuration

export interface FakeDiscordOptions {
  /** Bot token the fake accepts (`Authorization: Bot <token>`, IDENTIFY). Default "fake-bot-token". */
  token?: string;
  applicationId?: string;
  botUsername?: string;
  /** Default: one guild "Oelala" with text channel `generate` and role `Member`. */
  guilds?: FakeGuildSpec[];
  /** Default: alice (role Member) and bob. Every user is a member of every guild. */
  users?: FakeUserSpec[];
  /** Interaction token lifetime; afterwards webhook routes answer 401/50027. Default 15 min. */
  tokenLifetimeMs?: number;
  /** Initial-response deadline; a later callback answers 404/10062. Default 3000 ms. */
  ackDeadlineMs?: number;
  /** HELLO heartbeat_interval. Default 41250 ms. */
  heartbeatIntervalMs?: number;
  /** `attachment_size_limit` sent in interactions and the per-file upload cap (413/40005). Default 10 MiB. */
  attachmentSizeLimit?: number;
  /**
   * Realistic per-route limiter (5 / 5 s per channel for message create/edit, 5 / 2 s per webhook token):
   * "record" (default) answers normally but records every 429 Discord would have sent in `rateLimitHits`;
   * "enforce" sends those 429s (plus X-RateLimit-* headers on every limited route); "off" does neither.
   */
  rateLimits?: "record" | "enforce" | "off";
  /** How long an enforced nonce is remembered ("the past few minutes"). Default 5 min. */
  nonceWindowMs?: number;
  /**
   * How long an idle keep-alive connection stays open. Default 0 = until the client closes it, with no
   * `Keep-Alive: timeout` hint: Discord's edge sends none and keeps idle connections for minutes, so
   * the client's own keep-alive decides (undici's default: 4 s).
   */
  keepAliveTimeoutMs?: number;
  /** Clock for timestamps, snowflakes, token lifetime and the ack deadline. Default Date.now. */
  now?: () => number;
}

export interface FakeGuildSpec {
  id?: string;
  name?: string;
  channels?: { id?: string; name: string }[];
  roles?: { id?: string; name: string; permissions?: string }[];
}

export interface FakeUserSpec {
  id?: string;
  username: string;
  globalName?: string | null;
  /** Role names (or ids) the user holds in every guild. */
  roles?: string[];
}

// ---------------------------------------------------------------- the world

export interface FakeUser {
  id: string;
  username: string;
  globalName: string | null;
  roleNames: string[];
}
export interface FakeChannel {
  id: string;
  name: string;
  guildId: string;
}
export interface FakeRole {
  id: string;
  name: string;
  permissions: string;
}
export interface FakeGuild {
  id: string;
  name: string;
  channels: FakeChannel[];
  /** Includes `@everyone` (id = guild id). */
  roles: FakeRole[];
}

// ---------------------------------------------------------------- recorded traffic

export interface RecordedFile {
  /** Multipart field name, e.g. `files[0]`. */
  field: string;
  filename: string;
  contentType: string;
  size: number;
  bytes: Buffer;
}

export interface RecordedRequest {
  seq: number;
  /** When the request's headers arrived, before its body was read (an upload's start). */
  receivedAt: number;
  /** When its body had been read. */
  at: number;
  method: string;
  /** Decoded path after `/api/v10` (e.g. `.../messages/@original`), or the raw CDN path; no query. */
  path: string;
  query: Record<string, string>;
  /** Raw Authorization header, or null. */
  auth: string | null;
  /** Parsed JSON body, or `payload_json` of a multipart body; undefined when empty. */
  body: unknown;
  files: RecordedFile[];
  /** Status the fake answered with; 0 while the request is still being handled. */
  status: number;
}

export interface RecordedCallback {
  interactionId: string;
  at: number;
  /** Callback type (1 pong, 4 message, 5 deferred, 6 deferred update, 7 update, 8 autocomplete, 9 modal). */
  type: number;
  data: unknown;
  files: RecordedFile[];
  /** Status the fake answered with (204/200, or 404/10062, 400/40060, 400/50035). */
  status: number;
  errorCode: number | null;
}

export interface StoredAttachment {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  bytes: Buffer;
  url: string;
  description: string | null;
}

export interface MessageRevision {
  at: number;
  via: "channel" | "webhook" | "callback";
  content: string;
  embeds: unknown[];
  components: unknown[];
  attachments: string[];
  flags: number;
}

export interface FakeMessage {
  id: string;
  channelId: string;
  guildId: string | null;
  authorId: string;
  content: string;
  embeds: unknown[];
  components: unknown[];
  attachments: StoredAttachment[];
  flags: number;
  ephemeral: boolean;
  /** The interaction this message answers (original response or follow-up), if any. */
  interactionId: string | null;
  allowedMentions: unknown;
  /** User ids the message pings (content mentions filtered by allowed_mentions). */
  mentionedUserIds: string[];
  createdAt: number;
  editedAt: number | null;
  deleted: boolean;
  /** One entry per edit, newest last, with the state after that edit. */
  edits: MessageRevision[];
}

export type FakeDiscordEvent =
  | { type: "request"; request: RecordedRequest }
  | { type: "callback"; callback: RecordedCallback }
  | { type: "messageCreate" | "messageUpdate" | "messageDelete"; message: FakeMessage }
  | { type: "gateway"; direction: "in" | "out"; op: number; t: string | null };

export interface RateLimitHit {
  at: number;
  method: string;
  path: string;
  bucket: string;
  limit: number;
  windowMs: number;
}

export interface GatewayIdentify {
  at: number;
  token: string;
  intents: number;
}
export interface GatewayResume {
  at: number;
  sessionId: string;
  seq: number | null;
  /** Dispatches replayed before RESUMED. */
  replayed: number;
}
