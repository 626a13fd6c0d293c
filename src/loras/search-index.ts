import { uniqueChoiceNames } from "./choice-name.js";
import type { LoraEntry } from "./entry.js";
import { buildGramPostings, type GramPostings } from "./search-grams.js";

/** A plain autocomplete choice; the Discord layer passes it to `respond()` unchanged. */
export interface LoraChoice {
  name: string;
  value: string;
}

export const maxChoices = 25;

export interface IndexedLora {
  readonly choice: LoraChoice;
  /** Lowercase name with separator runs turned into one space: `orbit cam`. */
  readonly name: string;
  readonly nameMask: number;
  /** Same treatment for the full file names, so folders can be searched too. */
  readonly path: string;
  readonly pathMask: number;
}

/** Everything a search needs, computed once per refresh so that a search only compares strings. */
export interface LoraSearchIndex {
  /** Sorted by the tie-break: shorter (normalized) name first, then alphabetical. */
  readonly items: readonly IndexedLora[];
  readonly grams: GramPostings;
  /** The answer to an empty query: pairs first, then alphabetical. */
  readonly defaults: readonly LoraChoice[];
  readonly byKey: ReadonlyMap<string, IndexedLora>;
  /** Precomputed answers to one-letter and one-digit queries, with one spare for a pinned choice. */
  readonly singles: Map<string, readonly IndexedLora[]>;
}

const separators = /[_\-./\\\s]+/g;

/** Lowercase, and `_ - . / \` and white space all become one space. */
export function normalizeForSearch(text: string): string {
  return text.toLowerCase().replace(separators, " ").trim();
}

/**
 * One bit per letter, digits folded into three bits and other non-ASCII characters into three more:
 * a quick "cannot match" filter.
 */
export function maskOf(text: string): number {
  let mask = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code >= 97 && code <= 122) mask |= 1 << (code - 97);
    else if (code >= 48 && code <= 57) mask |= 1 << (26 + (code % 3));
    else if (code >= 128) mask |= 1 << (29 + (code % 3));
  }
  return mask;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The index without the precomputed single-character answers (see `buildSearchIndex`). */
export function indexEntries(entries: readonly LoraEntry[]): LoraSearchIndex {
  const choiceNames = uniqueChoiceNames(entries);
  const lower = entries.map((entry) => entry.name.toLowerCase());
  const all = entries.map((entry, index): IndexedLora => {
    const name = normalizeForSearch(entry.name);
    const path = entry.files.map(normalizeForSearch).join("\n");
    const choice = { name: choiceNames[index]!, value: entry.key };
    return { choice, name, nameMask: maskOf(name), path, pathMask: maskOf(path) };
  });
  const positions = entries.map((_, index) => index);
  const items = [...positions]
    .sort((a, b) => all[a]!.name.length - all[b]!.name.length || compareText(lower[a]!, lower[b]!))
    .map((position) => all[position]!);
  const defaults = [...positions]
    .sort((a, b) => {
      const pairFirst = Number(entries[b]!.kind === "pair") - Number(entries[a]!.kind === "pair");
      return pairFirst || compareText(lower[a]!, lower[b]!);
    })
    .slice(0, maxChoices)
    .map((position) => all[position]!.choice);
  return {
    items,
    grams: buildGramPostings(items.map((item) => `${item.name}\n${item.path}`)),
    defaults,
    byKey: new Map(all.map((item) => [item.choice.value, item])),
    singles: new Map(),
  };
}
