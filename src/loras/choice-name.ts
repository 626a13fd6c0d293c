import { kindLabels, type LoraEntry } from "./entry.js";

/** Discord's limit for an autocomplete choice's name and value (UTF-16 units never undercount it). */
export const maxChoiceLength = 100;

const ellipsis = "…";

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * Shortens `text` to at most `max` UTF-16 units by replacing its middle with `…`. The start (what
 * the user typed) and the end (version, epoch, precision: what tells siblings apart) stay readable,
 * and no surrogate pair is cut in half.
 */
export function shortenMiddle(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= ellipsis.length) return ellipsis.slice(0, Math.max(max, 0));
  const room = max - ellipsis.length;
  let head = Math.ceil(room * 0.6);
  let tailStart = text.length - (room - head);
  if (isLowSurrogate(text.charCodeAt(head))) head -= 1;
  if (isLowSurrogate(text.charCodeAt(tailStart))) tailStart += 1;
  return text.slice(0, head) + ellipsis + text.slice(tailStart);
}

/** `orbit_cam (high+low)`: the entry's name, shortened if needed, and what it loads. */
export function choiceName(entry: LoraEntry, suffix = ""): string {
  const tail = ` (${kindLabels[entry.kind]})${suffix}`;
  return shortenMiddle(entry.name, maxChoiceLength - tail.length) + tail;
}

/**
 * One name per entry, unique (case-insensitive) across the catalog, so unique in any answer. Names made equal by
 * shortening get the entry key appended, which is unique by construction.
 */
export function uniqueChoiceNames(entries: readonly LoraEntry[]): string[] {
  const names = entries.map((entry) => choiceName(entry));
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name.toLowerCase(), (counts.get(name.toLowerCase()) ?? 0) + 1);
  return names.map((name, index) => {
    const entry = entries[index]!;
    return (counts.get(name.toLowerCase()) ?? 0) > 1 ? choiceName(entry, ` ${entry.key}`) : name;
  });
}
