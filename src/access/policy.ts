import type { ErrorKey } from "../i18n/catalogs.js";
import type { Message } from "../i18n/translate.js";
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
  /** The most GPU cost units (see cost.ts) one video of an ordinary user may take; 0 or unset = no cap. */
  maxJobCost?: number;
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

export type AccessDecision =
  { allowed: true } | { allowed: false; code: AccessRefusalCode; refusal: Message<ErrorKey> };

const ADMINISTRATOR = 1n << 3n;
const MANAGE_GUILD = 1n << 5n;

const allows = (list: readonly string[], ...ids: (string | undefined)[]) =>
  list.length === 0 || ids.some((id) => id !== undefined && list.includes(id));

function guildAllowed(policy: AccessPolicy, who: Caller): boolean {
  return allows(policy.allowedGuilds, who.guildId);
}

/**
 * How far someone's admin rights reach. ADMIN_USERS: every server ("everywhere"). ADMIN_ROLES and
 * Manage Server / Administrator: their own server only ("guild"), and the permissions count only in a
 * server listed in ALLOWED_GUILDS, since anyone holds them in a server of their own. With ALLOWED_GUILDS
 * unset no server is the owner's, so only ADMIN_USERS and ADMIN_ROLES make admins.
 */
export type AdminScope = "everywhere" | "guild";

export function adminScope(policy: AccessPolicy, who: Caller): AdminScope | undefined {
  if (policy.adminUsers.includes(who.userId)) return "everywhere";
  if (!guildAllowed(policy, who)) return undefined;
  if (who.roleIds.some((id) => policy.adminRoles.includes(id))) return "guild";
  const ownersServer = who.guildId !== undefined && policy.allowedGuilds.includes(who.guildId);
  const permissions = who.memberPermissions ?? 0n;
  return ownersServer && (permissions & (MANAGE_GUILD | ADMINISTRATOR)) !== 0n ? "guild" : undefined;
}

export function isAdmin(policy: AccessPolicy, who: Caller): boolean {
  return adminScope(policy, who) !== undefined;
}

/** Whether `who` may act on (cancel, see in full) a job: its owner, or an admin whose reach covers it. */
export function mayManageJob(
  policy: AccessPolicy,
  who: Caller,
  job: { userId: string; guildId?: string | undefined },
): boolean {
  if (job.userId === who.userId) return true;
  const scope = adminScope(policy, who);
  if (scope === "everywhere") return true;
  return scope === "guild" && job.guildId !== undefined && job.guildId === who.guildId;
}

/** Whether the bot is open to every server: then anyone may invite it and use it. */
export function openToEveryServer(policy: AccessPolicy): boolean {
  return policy.allowedGuilds.length === 0;
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

function refuse(code: AccessRefusalCode, refusal: Message<ErrorKey>): AccessDecision {
  return { allowed: false, code, refusal };
}
