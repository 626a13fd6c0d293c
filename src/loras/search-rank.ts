import type { IndexedLora } from "./search-index.js";

/** Match quality, best first; a subsequence rank adds its cost (see `subsequenceRank`). */
export const Tier = {
  Exact: 0,
  Prefix: 1,
  WordPrefix: 2,
  Substring: 3,
  AllWords: 4,
  Path: 5,
  Subsequence: 6,
};
const tierSize = 1 << 20;

export const tierRank = (tier: number) => tier * tierSize;
export const tierOf = (rank: number) => Math.floor(rank / tierSize);

export interface Query {
  text: string;
  spaced: string;
  words: string[];
  spacedWords: string[];
  mask: number;
}

function hasWordPrefixes(name: string, query: Query): boolean {
  const { words, spacedWords } = query;
  for (let i = 0; i < words.length; i += 1) {
    if (!name.startsWith(words[i]!) && !name.includes(spacedWords[i]!)) return false;
  }
  return true;
}

/**
 * The item's tier among the cheap ones (all but subsequence), computing only tiers that could
 * still beat `ceiling`, the worst tier kept so far.
 */
export function cheapTier(item: IndexedLora, query: Query, ceiling: number): number | undefined {
  const { name, path } = item;
  if ((query.mask & ~item.nameMask) === 0) {
    if (name.startsWith(query.text)) return name.length === query.text.length ? Tier.Exact : Tier.Prefix;
    if (ceiling <= Tier.WordPrefix) return undefined;
    if (name.includes(query.spaced)) return Tier.WordPrefix;
    if (ceiling <= Tier.Substring) return undefined;
    if (name.includes(query.text)) return Tier.Substring;
    if (ceiling > Tier.AllWords && query.words.length > 1 && hasWordPrefixes(name, query)) {
      return Tier.AllWords;
    }
  }
  if (ceiling > Tier.Path && (query.mask & ~item.pathMask) === 0 && path.includes(query.text)) {
    return Tier.Path;
  }
  return undefined;
}

/**
 * Greedy subsequence match; every jump costs 64 plus the characters it skips. Gives up once the
 * rank would reach `bound`, as such a match could not get in anyway.
 */
export function subsequenceRank(item: IndexedLora, query: Query, bound: number): number | undefined {
  const { name } = item;
  const { text } = query;
  let rank = tierRank(Tier.Subsequence);
  let wanted = text.charCodeAt(0);
  let matched = 0;
  let last = -1;
  for (let i = 0; i < name.length; i += 1) {
    if (name.charCodeAt(i) !== wanted) continue;
    if (last >= 0 && i > last + 1) {
      rank += 64 + (i - last - 1);
      if (rank >= bound) return undefined;
    }
    last = i;
    matched += 1;
    if (matched === text.length) return rank;
    wanted = text.charCodeAt(matched);
  }
  return undefined;
}
