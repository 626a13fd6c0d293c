import type { LoraEntry } from "./entry.js";
import {
  indexEntries,
  maskOf,
  maxChoices,
  normalizeForSearch,
  type IndexedLora,
  type LoraChoice,
  type LoraSearchIndex,
} from "./search-index.js";
import { candidatesFor, characterCandidates } from "./search-grams.js";
import { cheapTier, subsequenceRank, Tier, tierOf, tierRank, type Query } from "./search-rank.js";

export { maxChoices, type LoraChoice, type LoraSearchIndex } from "./search-index.js";

/** The best `size` items, kept sorted by rank; ties keep arrival order, which is tie-break order. */
class TopItems {
  readonly ranks: number[] = [];
  readonly items: IndexedLora[] = [];
  constructor(private readonly size: number) {}

  /** The worst rank kept, or Infinity while there is room. */
  bound(): number {
    return this.ranks[this.size - 1] ?? Infinity;
  }

  offer(item: IndexedLora, rank: number): void {
    let at = this.items.length;
    while (at > 0 && this.ranks[at - 1]! > rank) at -= 1;
    if (at >= this.size) return;
    this.ranks.splice(at, 0, rank);
    this.items.splice(at, 0, item);
    if (this.items.length > this.size) {
      this.ranks.pop();
      this.items.pop();
    }
  }
}

/**
 * The best `size` items for a normalized query, `pinned` left out. The cheap pass looks only at the
 * gram index's candidates, in tie-break order, and stops once only an exact match could still get
 * in. The costlier subsequence pass scans the items holding the query's rarest character, and only
 * when the cheap tiers left room (then nothing was evicted yet, so all they found is in `top`).
 */
function bestMatches(
  index: LoraSearchIndex,
  text: string,
  size: number,
  pinned?: IndexedLora,
): IndexedLora[] {
  const words = text.split(" ");
  const query: Query = {
    text,
    spaced: ` ${text}`,
    words,
    spacedWords: words.map((word) => ` ${word}`),
    mask: maskOf(text),
  };
  const top = new TopItems(size);
  const candidates = candidatesFor(index.grams, words);
  for (let n = 0; n < candidates.length; n += 1) {
    const item = index.items[candidates[n]!]!;
    const ceiling = tierOf(top.bound());
    // Only an exact match could beat a full list of prefix matches, and exact names are the
    // shortest of those, so they were all seen before the list filled up.
    if (ceiling <= Tier.Prefix) break;
    if (item === pinned) continue;
    const tier = cheapTier(item, query, ceiling);
    if (tier !== undefined) top.offer(item, tierRank(tier));
  }
  if (top.bound() === Infinity) {
    const taken = new Set([...top.items, pinned]);
    const holders = characterCandidates(index.grams, text);
    for (let n = 0; n < holders.length; n += 1) {
      const item = index.items[holders[n]!]!;
      if (taken.has(item) || (query.mask & ~item.nameMask) !== 0) continue;
      const rank = subsequenceRank(item, query, top.bound());
      if (rank !== undefined) top.offer(item, rank);
    }
  }
  return top.items;
}

const singleCharacters = "abcdefghijklmnopqrstuvwxyz0123456789";

/** Builds the in-memory index, including the answers to every one-character query. */
export function buildSearchIndex(entries: readonly LoraEntry[]): LoraSearchIndex {
  const index = indexEntries(entries);
  for (const character of singleCharacters) {
    index.singles.set(character, bestMatches(index, character, maxChoices + 1));
  }
  return index;
}

/**
 * The best `limit` (≤ 25) choices for what the user typed (case, `_ - . / \` and spaces do not
 * matter): exact > prefix > word prefix > substring > all words in any order > match in the file
 * path > subsequence (fewer, shorter gaps first); ties go to the shorter name, then alphabetical.
 * `pinned` (the key of an entry the caller resolved the query to) comes first. An empty query gets
 * the default order (pairs first, then alphabetical).
 */
export function searchLoras(
  index: LoraSearchIndex,
  rawQuery: string,
  limit = maxChoices,
  pinned?: string,
): LoraChoice[] {
  const size = Math.max(0, Math.min(Math.floor(limit), maxChoices));
  const text = normalizeForSearch(rawQuery);
  if (text === "") return index.defaults.slice(0, size);
  const first = pinned === undefined ? undefined : index.byKey.get(pinned);
  const room = first ? size - 1 : size;
  if (room <= 0) return first && size > 0 ? [first.choice] : [];
  const single = index.singles.get(text);
  const found = single
    ? single.filter((item) => item !== first).slice(0, room)
    : bestMatches(index, text, room, first);
  const choices = found.map((item) => item.choice);
  return first ? [first.choice, ...choices] : choices;
}
