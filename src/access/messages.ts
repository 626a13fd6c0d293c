/**
 * The sentences a refused user reads. Channels and roles are written as mentions, which Discord shows
 * as names; the router sends refusals privately with mentions disabled, so nobody is pinged.
 */

/** "a", "a or b", "a, b or c". */
function either(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;
}

export function guildRefusal(): string {
  return "Oelala is not available in this server.";
}

export function channelRefusal(channelIds: readonly string[]): string {
  return `This bot only works in ${either(channelIds.map((id) => `<#${id}>`))}.`;
}

export function roleRefusal(roleIds: readonly string[]): string {
  const roles = roleIds.map((id) => `<@&${id}>`);
  return roles.length === 1
    ? `Making videos is only for members with the ${roles[0]} role.`
    : `Making videos is only for members with one of these roles: ${either(roles)}.`;
}

export function nsfwRefusal(): string {
  return "Videos can only be made in age-restricted channels. Please use a channel marked age-restricted.";
}

/** Discord shows `<t:…>` in the reader's own time zone and language. */
export function quotaRefusal(limit: number, resetsAtMs: number): string {
  const at = Math.floor(resetsAtMs / 1000);
  const videos = limit === 1 ? "1 video" : `${limit} videos`;
  return `You have made your ${videos} for today. Your quota resets <t:${at}:R> (at <t:${at}:t>, midnight UTC).`;
}
