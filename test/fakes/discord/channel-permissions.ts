import { DiscordHttpError } from "./body.js";
import { permissionBits as P } from "./discord-limits.js";
import { defaultPermissions } from "./world.js";

/**
 * What the bot may do per channel, when a test says so; channels without a setting allow what the
 * bot's role allows. Channel routes then answer 403/50013 "Missing Permissions" like Discord
 * (topics/opcodes-and-status-codes#json), and interactions carry the same value as `app_permissions`.
 */
export class ChannelPermissions {
  private readonly byChannel = new Map<string, bigint>();

  set(channelId: string, permissions: bigint | string): void {
    this.byChannel.set(channelId, BigInt(permissions));
  }

  of(channelId: string): bigint {
    return this.byChannel.get(channelId) ?? BigInt(defaultPermissions);
  }

  /** Throws Discord's answer when the bot lacks any of `needed` in the channel. */
  require(channelId: string, needed: bigint): void {
    if (!this.byChannel.has(channelId)) return;
    const have = this.of(channelId);
    if ((have & P.viewChannel) === 0n) throw new DiscordHttpError(403, 50001, "Missing Access");
    if ((have & needed) !== needed) throw new DiscordHttpError(403, 50013, "Missing Permissions");
  }
}

/** Create Message: Send Messages; files need Attach Files, embeds Embed Links, a reply Read Message History. */
export function createMessageNeeds(body: unknown, fileCount: number): bigint {
  const b = (body ?? {}) as { embeds?: unknown[]; message_reference?: unknown };
  let needed = P.viewChannel | P.sendMessages;
  if (fileCount > 0) needed |= P.attachFiles;
  if ((b.embeds?.length ?? 0) > 0) needed |= P.embedLinks;
  if (b.message_reference) needed |= P.readMessageHistory;
  return needed;
}
