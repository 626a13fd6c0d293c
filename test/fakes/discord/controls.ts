/** Drivers, fault controls and the FakeDiscord handle. */
import type { APIAttachment, APIInteraction, APIMessage } from "discord.js";
import type {
  FakeChannel,
  FakeDiscordEvent,
  FakeGuild,
  FakeMessage,
  FakeRole,
  FakeUser,
  GatewayIdentify,
  GatewayResume,
  RateLimitHit,
  RecordedCallback,
  RecordedRequest,
} from "./types.js";

// ---------------------------------------------------------------- test controls

export interface RouteMatcher {
  /** Upper-case HTTP method; any when omitted. */
  method?: string;
  /** Tested against the path after `/api/v10` (or the CDN path, e.g. `/attachments/...`). */
  route: RegExp;
}

export interface RateLimitRule extends RouteMatcher {
  /** How many matching requests get a 429. Default 1. */
  times?: number;
  /** Default 500 ms. Sent as fractional seconds in `Retry-After` and `retry_after`. */
  retryAfterMs?: number;
  global?: boolean;
}

export interface FailRule extends RouteMatcher {
  status: number;
  /** Discord JSON error code; default 0. */
  code?: number;
  message?: string;
  times?: number;
}

export type SlashOptionValue = string | number | boolean | APIAttachment;

export interface SlashOptionInput {
  name: string;
  value: SlashOptionValue;
  /** ApplicationCommandOptionType; default: from the registered command, else inferred from the value. */
  type?: number;
  focused?: boolean;
}

export interface InteractionActor {
  /** Username or id; default the first configured user (alice). */
  user?: string;
  /** Role names or ids for the member; default the user's configured roles. */
  roles?: string[];
  locale?: string;
  /** Default: channel `generate` of the first guild. */
  channelId?: string;
  attachmentSizeLimit?: number;
  appPermissions?: string;
  memberPermissions?: string;
}

export interface SlashCommandInput extends InteractionActor {
  name: string;
  options?: Record<string, SlashOptionValue> | SlashOptionInput[];
  /** Extra attachment options by name (same as passing the attachment as an option value). */
  attachments?: Record<string, APIAttachment>;
}

export interface AutocompleteInput extends InteractionActor {
  name: string;
  options: Record<string, string | number | boolean> | SlashOptionInput[];
  /** Name of the focused option when `options` is a record. */
  focused?: string;
}

export interface ButtonClickInput extends InteractionActor {
  customId: string;
  messageId: string;
  /** ComponentType; default 2 (button). */
  componentType?: number;
  /** For select menus. */
  values?: string[];
}

export interface MessageContextInput extends InteractionActor {
  name: string;
  /** A stored message id, or a full message object. */
  targetMessage: string | APIMessage;
}

export interface ModalSubmitInput extends InteractionActor {
  customId: string;
  fields: Record<string, string>;
  /** The message whose component opened the modal, if any. */
  messageId?: string;
}

export interface AttachmentOverrides {
  /** What the attachment object claims; the CDN still serves the real bytes. */
  declaredSize?: number;
  declaredContentType?: string;
  width?: number;
  height?: number;
}

export interface CallbackBody {
  type: number;
  data?: unknown;
}

export interface InteractionHandle {
  id: string;
  token: string;
  /** The INTERACTION_CREATE `d` that was dispatched. */
  payload: APIInteraction;
  /** First accepted (2xx) callback body the bot sent (waits up to 5 s). */
  response(): Promise<CallbackBody>;
  /** Same as `response()` with a chosen timeout; rejects with FakeDiscordTimeout. */
  waitForCallback(timeoutMs?: number): Promise<CallbackBody>;
}

export interface WaitOptions {
  timeoutMs?: number;
  /** Only consider events after this mark (from `mark()`); default: all events so far, then new ones. */
  since?: number;
}

export type GatewayDisruption =
  /** op 7 RECONNECT; the client resumes. */
  | "reconnect"
  /** Terminate the TCP socket without a close frame; the client resumes. */
  | "drop"
  /** op 9 with d=true; the client resumes on the same socket. */
  | "invalid-session-resumable"
  /** op 9 with d=false; the client re-identifies. */
  | "invalid-session";

/** A command as stored from a bulk overwrite (echoed body plus id, application_id, version, guild_id). */
export interface RegisteredCommand {
  id: string;
  name: string;
  type: number;
  guild_id?: string;
  [field: string]: unknown;
}

export interface FakeDiscord {
  /** `http://127.0.0.1:PORT/api` — pass as `rest.api`. */
  apiUrl: string;
  /** `http://127.0.0.1:PORT/cdn` — pass as `rest.cdn`. */
  cdnUrl: string;
  /** `ws://127.0.0.1:PORT/gateway`. */
  gatewayUrl: string;
  /** `127.0.0.1:PORT`, the host of every attachment URL. */
  host: string;
  token: string;
  applicationId: string;
  botUser: FakeUser;
  guilds: readonly FakeGuild[];
  users: readonly FakeUser[];
  user(nameOrId: string): FakeUser;
  /** Default: `generate` in the first guild. */
  channel(name?: string, guildId?: string): FakeChannel;
  role(name: string, guildId?: string): FakeRole;

  // drivers
  sendSlashCommand(input: SlashCommandInput): InteractionHandle;
  sendAutocomplete(input: AutocompleteInput): InteractionHandle;
  clickButton(input: ButtonClickInput): InteractionHandle;
  sendMessageContextCommand(input: MessageContextInput): InteractionHandle;
  submitModal(input: ModalSubmitInput): InteractionHandle;
  addAttachment(
    filename: string,
    bytes: Uint8Array,
    contentType: string,
    overrides?: AttachmentOverrides,
  ): APIAttachment;
  /** Sends any dispatch event; returns its sequence number. */
  dispatch(event: string, data: unknown): number;
  reconnectGateway(how?: GatewayDisruption): void;

  // faults
  expireToken(token: string): void;
  rateLimit(rule: RateLimitRule): void;
  failRoute(rule: FailRule): void;
  /** Drops every armed rateLimit/failRoute rule. */
  clearFaults(): void;
  /**
   * The bot's permissions in a channel (a bitfield): interactions there carry it as `app_permissions`,
   * and channel routes answer 403/50013 (50001 without View Channel) when it lacks what they need.
   */
  setChannelPermissions(channelId: string, permissions: bigint | string): void;
  /** A user (not the bot) posts a message, optionally with files; returns its id. */
  postAsUser(input: {
    user?: string;
    channelId?: string;
    content?: string;
    files?: { name: string; data: Buffer; contentType: string }[];
  }): string;
  /** Messages the bot sent to a user's DM channel. */
  dmMessages(userId: string): FakeMessage[];

  // inspection
  readonly requests: readonly RecordedRequest[];
  readonly rateLimitHits: readonly RateLimitHit[];
  readonly identifies: readonly GatewayIdentify[];
  readonly resumes: readonly GatewayResume[];
  channelMessages(channelId: string): FakeMessage[];
  message(id: string): FakeMessage | undefined;
  callbacks(interactionId: string): RecordedCallback[];
  /** TCP connections accepted so far (REST, CDN and gateway), to see whether a client reconnects. */
  connectionsAccepted(): number;
  /** Registered commands: global when guildId is omitted. */
  commands(guildId?: string): RegisteredCommand[];
  /** The current event count, for `WaitOptions.since`. */
  mark(): number;
  waitFor<E extends FakeDiscordEvent>(
    predicate: (event: FakeDiscordEvent) => event is E,
    options?: WaitOptions,
  ): Promise<E>;
  waitFor(predicate: (event: FakeDiscordEvent) => boolean, options?: WaitOptions): Promise<FakeDiscordEvent>;
  /** Closes sockets, the HTTP server and pending waits. Idempotent. */
  close(): Promise<void>;
}
