import type { Message } from "../i18n/translate.js";

/**
 * The refusals a refused user reads, as catalog messages. Channels and roles are written as mentions,
 * which Discord shows as names; the router sends refusals privately with mentions disabled, so nobody
 * is pinged.
 */

export function guildRefusal(): Message<"error.ACCESS_GUILD"> {
  return { key: "error.ACCESS_GUILD", params: {} };
}

export function channelRefusal(channelIds: readonly string[]): Message<"error.ACCESS_CHANNEL"> {
  return { key: "error.ACCESS_CHANNEL", params: { channels: { or: channelIds.map((id) => `<#${id}>`) } } };
}

export function roleRefusal(roleIds: readonly string[]): Message<"error.ACCESS_ROLE"> {
  const roles = roleIds.map((id) => `<@&${id}>`);
  return { key: "error.ACCESS_ROLE", params: { count: roles.length, roles: { or: roles } } };
}

export function nsfwRefusal(): Message<"error.ACCESS_NSFW"> {
  return { key: "error.ACCESS_NSFW", params: {} };
}

/** Discord shows `<t:…>` in the reader's own time zone and language. */
export function quotaRefusal(limit: number, resetsAtMs: number): Message<"error.QUOTA_EXCEEDED"> {
  return { key: "error.QUOTA_EXCEEDED", params: { limit, at: String(Math.floor(resetsAtMs / 1000)) } };
}
