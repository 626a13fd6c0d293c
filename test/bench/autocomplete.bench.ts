import { createLoraCatalog } from "../../src/loras/catalog.js";
import { syntheticLoraNames, syntheticQueries } from "../loras/synthetic-loras.js";
import { type BenchResult, ascending, median, percentile, round, runWhenMain } from "./result.js";

const CATALOG_SIZE = 10_000;
const QUERIES = 5_000;
const WARM_UP = 500;

/** What a user sends while typing one name: every prefix of it, keystroke by keystroke. */
function typingQueries(files: readonly string[], count: number): string[] {
  const queries: string[] = [];
  for (let i = 0; queries.length < count; i += 97) {
    const file = files[i % files.length]!;
    const base = file.slice(file.lastIndexOf("/") + 1, 40);
    for (let end = 1; end <= base.length && queries.length < count; end += 1)
      queries.push(base.slice(0, end));
  }
  return queries;
}

/**
 * `search()` over 10,000 LoRA files (about 7,000 entries): p50 and p99 per call over 5,000 varied
 * queries (words, typos, folders, misses, empty) plus 5,000 keystroke-by-keystroke prefixes, and
 * the time to rebuild the catalog from a fresh list.
 */
export async function benchAutocomplete(): Promise<BenchResult[]> {
  const files = syntheticLoraNames(CATALOG_SIZE, 42);
  let listed: readonly string[] = files;
  const catalog = createLoraCatalog({
    list: async () => listed,
    refreshMs: 3_600_000,
    scheduler: { setTimeout: () => 0, clearTimeout: () => undefined },
  });
  const builds: number[] = [];
  const unchanged: number[] = [];
  for (let run = 0; run < 6; run += 1) {
    listed = files.slice(run % 2); // a changed list every time: a full rebuild
    let started = performance.now();
    await catalog.refresh();
    builds.push(performance.now() - started);
    started = performance.now();
    await catalog.refresh();
    unchanged.push(performance.now() - started);
  }
  catalog.close();
  const queries = [...syntheticQueries(files, QUERIES, 7), ...typingQueries(files, QUERIES)];
  for (const query of queries.slice(0, WARM_UP)) catalog.search(query);
  const times: number[] = [];
  let choices = 0;
  for (const query of queries) {
    const started = performance.now();
    choices += catalog.search(query).length;
    times.push(performance.now() - started);
  }
  const sortedTimes = ascending(times);
  return [
    {
      name: "autocomplete: search() p50, 10k LoRAs, in process",
      value: round(percentile(sortedTimes, 50)),
      unit: "ms",
    },
    {
      name: "autocomplete: search() p99, 10k LoRAs, in process",
      value: round(percentile(sortedTimes, 99)),
      unit: "ms",
      target: { op: "<", value: 1 },
    },
    {
      name: "autocomplete: search() max, 10k LoRAs, in process",
      value: round(sortedTimes.at(-1) ?? Number.NaN),
      unit: "ms",
      note: "the max is one call in 10,000 and includes any GC pause that landed on it",
    },
    {
      name: "autocomplete: choices per answer, mean",
      value: round(choices / queries.length),
      unit: "choices",
    },
    { name: "autocomplete: catalog rebuild of 10k files, median", value: round(median(builds)), unit: "ms" },
    {
      name: "autocomplete: refresh with an unchanged 10k list, median",
      value: round(median(unchanged)),
      unit: "ms",
    },
    { name: "autocomplete: entries from 10k files", value: catalog.entries().length, unit: "entries" },
  ];
}

await runWhenMain(import.meta.url, benchAutocomplete);
