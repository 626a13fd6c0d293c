import { describe, expect, it } from "vitest";
import { createLoraCatalog } from "../../src/loras/catalog.js";
import type { LoraEntry } from "../../src/loras/entry.js";
import { syntheticLoraNames, syntheticQueries } from "./synthetic-loras.js";

/**
 * The ranking rules written the slow, obvious way: rank every entry, sort, take 25. The real search
 * skips most of this work (gram index, early stops, precomputed one-letter answers, pruning), and
 * must still give exactly the same answers.
 */
const normalize = (text: string) =>
  text
    .toLowerCase()
    .replace(/[_\-./\\\s]+/g, " ")
    .trim();

function subsequenceCost(name: string, query: string): number | undefined {
  let cost = 0;
  let last = -1;
  let matched = 0;
  for (let i = 0; i < name.length && matched < query.length; i += 1) {
    if (name[i] !== query[matched]) continue;
    if (last >= 0 && i > last + 1) cost += 64 + (i - last - 1);
    last = i;
    matched += 1;
  }
  return matched === query.length ? cost : undefined;
}

interface Prepared {
  entry: LoraEntry;
  name: string;
  path: string;
  lower: string;
}

function rank({ name, path }: Prepared, text: string): [number, number] | undefined {
  const words = text.split(" ");
  if (name === text) return [0, 0];
  if (name.startsWith(text)) return [1, 0];
  if (name.includes(` ${text}`)) return [2, 0];
  if (name.includes(text)) return [3, 0];
  if (words.length > 1 && words.every((w) => name.startsWith(w) || name.includes(` ${w}`))) return [4, 0];
  if (path.includes(text)) return [5, 0];
  const cost = subsequenceCost(name, text);
  return cost === undefined ? undefined : [6, cost];
}

function oracle(prepared: readonly Prepared[], query: string, pinned: LoraEntry | undefined): string[] {
  const text = normalize(query);
  if (text === "") return prepared.slice(0, 25).map(({ entry }) => entry.key);
  const ranked = prepared.flatMap((item) => {
    const found = item.entry === pinned ? undefined : rank(item, text);
    return found ? [{ ...item, found }] : [];
  });
  ranked.sort(
    (a, b) =>
      a.found[0] - b.found[0] ||
      a.found[1] - b.found[1] ||
      a.name.length - b.name.length ||
      (a.lower < b.lower ? -1 : a.lower > b.lower ? 1 : 0),
  );
  const keys = ranked.map((item) => item.entry.key);
  return (pinned ? [pinned.key, ...keys] : keys).slice(0, 25);
}

describe("LoRA search against the plain ranking rules", () => {
  it("GIVEN 3,000 files and 600 varied and keystroke queries THEN every answer equals the slow ranking", async () => {
    const files = syntheticLoraNames(3_000, 99);
    const catalog = createLoraCatalog({
      list: async () => files,
      refreshMs: 60_000,
      scheduler: { setTimeout: () => 0, clearTimeout: () => undefined },
    });
    await catalog.refresh();
    catalog.close();
    const prepared = catalog.entries().map((entry) => ({
      entry,
      name: normalize(entry.name),
      path: entry.files.map(normalize).join("\n"),
      lower: entry.name.toLowerCase(),
    }));
    const typed = files.slice(0, 40).flatMap((file) => {
      const base = file.slice(file.lastIndexOf("/") + 1);
      return Array.from({ length: Math.min(base.length, 12) }, (_, end) => base.slice(0, end + 1));
    });
    const queries = [...syntheticQueries(files, 600, 5), ...typed, "A", "7", "wan 2.2", "h n", "a b c"];
    for (const query of queries) {
      const got = catalog.search(query).map((choice) => choice.value);
      expect({ query, keys: got }).toEqual({ query, keys: oracle(prepared, query, catalog.resolve(query)) });
    }
  });
});
