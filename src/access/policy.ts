import { channelRefusal, guildRefusal, nsfwRefusal, roleRefusal } from "./messages.js";

/** Who may use the bot where. Empty lists mean "everyone"; a daily quota of 0 means "unlimited". */
export interface AccessPolicy {
  allowedGuilds: readonly string[];
  allowedChannels: readonly string[];
  allowedRoles: readonly string[];
  adminUsers: readonly string[];
  adminRoles: readonly string[];
  /** Jobs per user per UTC day; 0 = unlimited. */
  dailyQuota: number;
  /** Generation only in age-restricted channels. */
  nsfwOnly: boolean;
}

/** The person asking and where they ask from, as read from the interaction. */
export interface Caller {
  userId: string;
  guildId: string | undefined;
  channelId: string | undefined;
  /** For a thread: the channel it belongs to, which the channel allow-list also accepts. */
  parentChannelId?: string | undefined;
  roleIds: readonly string[];
  /** Unknown (undefined) counts as not age-restricted. */
  channelNsfw: boolean | undefined;
  /** The member's permission bits in this channel. */
  memberPermissions?: bigint | undefined;
}

/** "generate" starts jobs; "browse" only reads (help, LoRA lists, the queue). */
export type AccessKind = "generate" | "browse";

export type AccessRefusalCode = "ACCESS_GUILD" | "ACCESS_CHANNEL" | "ACCESS_NSFW" | "ACCESS_ROLE";

export type AccessDecision = { allowed: true } | { allowed: false; code: AccessRefusalCode; message: string };

const ADMINISTRATOR = 1n << 3n;
const MANAGE_GUILD = 1n << 5n;

const allows = (list: readonly string[], ...ids: (string | undefined)[]) =>
  list.length === 0 || ids.some((id) => id !== undefined && list.includes(id));

function guildAllowed(policy: AccessPolicy, who: Caller): boolean {
  return allows(policy.allowedGuilds, who.guildId);
}

/**
 * Admins: ADMIN_USERS anywhere; ADMIN_ROLES and members with Manage Guild (or Administrator) only in
 * allowed guilds, since anyone holds Manage Guild in a server of their own.
 */
export function isAdmin(policy: AccessPolicy, who: Caller): boolean {
  if (policy.adminUsers.includes(who.userId)) return true;
  if (!guildAllowed(policy, who)) return false;
  if (who.roleIds.some((id) => policy.adminRoles.includes(id))) return true;
  const permissions = who.memberPermissions ?? 0n;
  return (permissions & (MANAGE_GUILD | ADMINISTRATOR)) !== 0n;
}

/**
 * Whether `who` may do `kind` here. Browsing needs only the guild and channel allow-lists. Admins skip
 * the allow-lists but not NSFW_ONLY, which protects the channel's audience rather than the bot.
 * The daily quota is not part of this check: it needs the store (see quota.ts).
 */
export function checkAccess(
  policy: AccessPolicy,
  who: Caller,
  kind: AccessKind = "generate",
): AccessDecision {
  const admin = isAdmin(policy, who);
  if (!admin && !guildAllowed(policy, who)) return refuse("ACCESS_GUILD", guildRefusal());
  if (!admin && !allows(policy.allowedChannels, who.channelId, who.parentChannelId)) {
    return refuse("ACCESS_CHANNEL", channelRefusal(policy.allowedChannels));
  }
  if (kind === "browse") return { allowed: true };
  if (policy.nsfwOnly && who.channelNsfw !== true) return refuse("ACCESS_NSFW", nsfwRefusal());
  if (!admin && !allows(policy.allowedRoles, ...who.roleIds)) {
    return refuse("ACCESS_ROLE", roleRefusal(policy.allowedRoles));
  }
  return { allowed: true };
}

function refuse(code: AccessRefusalCode, message: string): AccessDecision {
  return { allowed: false, code, message };
}
