/**
 * An inverted index from every 1-, 2- and 3-character piece of every word of an item's name and
 * paths to the items holding it, so a query only looks at items that can contain it instead of scanning
 * them all. Positions are stored ascending, which is the search's tie-break order.
 */
export type GramPostings = ReadonlyMap<GramKey, Int32Array>;

/** A gram as a small integer when its characters allow, else the gram itself. */
type GramKey = number | string;

const none = new Int32Array(0);

/**
 * Three 10-bit character codes (+1, so a shorter gram differs from a longer one) fit a small integer:
 * building the index of 10,000 names then allocates no string per gram (about 2 million of them), which
 * roughly halved its time. Characters from U+03FF up (rare in file names) keep the string.
 */
function gramKey(text: string, at: number, size: number): GramKey {
  let key = 0;
  for (let i = at; i < at + size; i += 1) {
    const code = text.charCodeAt(i);
    if (code >= 1023) return text.slice(at, at + size);
    key = key * 1024 + code + 1;
  }
  return key;
}

function gramsOf(word: string, into: Set<GramKey>): void {
  for (let size = 1; size <= 3; size += 1) {
    for (let at = 0; at + size <= word.length; at += 1) into.add(gramKey(word, at, size));
  }
}

/** `texts[i]` is item i's normalized name and paths; words are separated by space, tab or newline. */
export function buildGramPostings(texts: readonly string[]): GramPostings {
  const lists = new Map<GramKey, number[]>();
  const grams = new Set<GramKey>();
  texts.forEach((text, position) => {
    grams.clear();
    for (const word of text.split(/[ \t\n]/)) gramsOf(word, grams);
    for (const gram of grams) {
      const list = lists.get(gram);
      if (list) list.push(position);
      else lists.set(gram, [position]);
    }
  });
  return new Map([...lists].map(([gram, list]) => [gram, Int32Array.from(list)]));
}

/**
 * The shortest posting list among the grams (up to 3 characters) of the query's words: every cheap
 * match (the query in the name or a path, or every word at a word start) holds each of those words,
 * so it is in that list.
 */
export function candidatesFor(postings: GramPostings, words: readonly string[]): Int32Array {
  let best: Int32Array | undefined;
  for (const word of words) {
    const size = Math.min(word.length, 3);
    for (let at = 0; at + size <= word.length && size > 0; at += 1) {
      const list = postings.get(gramKey(word, at, size)) ?? none;
      if (!best || list.length < best.length) best = list;
      if (best.length === 0) return best;
    }
  }
  return best ?? none;
}

/**
 * The shortest posting list among the query's characters (UTF-16 units, like the grams): every
 * subsequence match holds them all.
 */
export function characterCandidates(postings: GramPostings, text: string): Int32Array {
  let best: Int32Array | undefined;
  for (let at = 0; at < text.length; at += 1) {
    if (text[at] === " ") continue;
    const list = postings.get(gramKey(text, at, 1)) ?? none;
    if (!best || list.length < best.length) best = list;
  }
  return best ?? none;
}
