import { z } from "zod";
import { type Clock, unrefClock } from "../clock.js";
import type { Logger } from "../logger.js";
import type { LoraCategory } from "./categorize.js";
import type { LoraEntry, LoraKind } from "./entry.js";
import { buildLoraEntries } from "./pairs.js";
import { isSafeLoraName } from "./safe-name.js";
import {
  buildSearchIndex,
  maxChoices,
  searchLoras,
  type LoraChoice,
  type LoraSearchIndex,
} from "./search.js";

export interface LoraCatalogOptions {
  /** The server's LoRA file names (e.g. the `lora_name` combo of `/object_info`, or Oelala `/loras`). */
  list: () => Promise<readonly string[]>;
  /** How often to refresh; 0 refreshes only when `refresh()` is called (one-shot CLI use). */
  refreshMs: number;
  /** Delay before retrying after a failed refresh; default `min(refreshMs, 30 s)`. */
  retryMs?: number;
  scheduler?: Clock;
  logger?: Logger;
}

export interface LoraCatalog {
  /** Fetches the list now; concurrent calls share one fetch. Rejects on failure, keeping the old list. */
  refresh(): Promise<void>;
  /**
   * Resolves once the first refresh has finished (loaded or failed), or after `maxWaitMs`: a search
   * made while the bot is still fetching its first list waits for it instead of finding nothing.
   */
  firstRefresh(maxWaitMs: number): Promise<void>;
  /** Every entry: pairs first, then by name. Empty until the first successful refresh. */
  entries(): readonly LoraEntry[];
  /** Entries that load a file for that expert: pairs and lone ones for high/low; general ones. */
  byCategory(category: LoraCategory): readonly LoraEntry[];
  /**
   * A key, an exact file name, or an exact name (case-insensitive); surrounding spaces are ignored.
   * Anything else, including partial names, is undefined: re-validate what users type.
   */
  resolve(input: string): LoraEntry | undefined;
  /** True when the server listed exactly this file name (and it passed the safety check). */
  isListed(file: string): boolean;
  /** Autocomplete answer from memory: ≤ 25 choices, names and values ≤ 100 characters. */
  search(query: string, limit?: number): LoraChoice[];
  /** Stops the refresh timer. */
  close(): void;
}

/** How long a request made just after start-up waits for the first LoRA list (see `firstRefresh`). */
export const firstListWaitMs = {
  /** Within Discord's 3 s for an autocomplete answer, with room for the answer itself. */
  autocomplete: 1_500,
  /** A deferred reply has 15 minutes; a list that takes longer than this is not coming soon. */
  deferred: 10_000,
};

export class LoraCatalogRefreshError extends Error {
  override readonly name = "LoraCatalogRefreshError";
}

const listSchema = z.array(z.string());

const kindsByCategory: Record<LoraCategory, readonly LoraKind[]> = {
  high_noise: ["pair", "high"],
  low_noise: ["pair", "low"],
  general: ["general"],
};

interface Snapshot {
  files: readonly string[];
  entries: readonly LoraEntry[];
  index: LoraSearchIndex;
  byKey: ReadonlyMap<string, LoraEntry>;
  byFile: ReadonlyMap<string, LoraEntry>;
  byName: ReadonlyMap<string, LoraEntry>;
}

function snapshotOf(files: readonly string[]): Snapshot {
  const entries = buildLoraEntries(files);
  return {
    files,
    entries,
    index: buildSearchIndex(entries),
    byKey: new Map(entries.map((entry) => [entry.key, entry])),
    byFile: new Map(entries.flatMap((entry) => entry.files.map((file) => [file, entry] as const))),
    byName: new Map(entries.map((entry) => [entry.name.toLowerCase(), entry])),
  };
}

/** Rebuilding 10,000 names takes a few hundred ms, so an unchanged list keeps the snapshot. */
function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((file, index) => file === b[index]);
}

export function createLoraCatalog(options: LoraCatalogOptions): LoraCatalog {
  // 0 means "refresh on demand only"; any other delay under 1 ms (or NaN) would be a busy loop.
  if (options.refreshMs !== 0 && !(options.refreshMs >= 1)) {
    throw new RangeError(`refreshMs must be 0 (no timer) or at least 1 ms, got ${options.refreshMs}`);
  }
  if (options.retryMs !== undefined && !(options.retryMs >= 1)) {
    throw new RangeError(`retryMs must be at least 1 ms, got ${options.retryMs}`);
  }
  const scheduler = options.scheduler ?? unrefClock;
  const retryMs = options.retryMs ?? Math.min(options.refreshMs, 30_000);
  const logger = options.logger;
  let snapshot = snapshotOf([]);
  let inFlight: Promise<void> | undefined;
  let timer: unknown;
  let closed = false;
  let firstDone = false;
  let firstSettled: () => void = () => undefined;
  const firstFinished = new Promise<void>((resolve) => (firstSettled = resolve));

  function schedule(ms: number): void {
    if (closed || options.refreshMs === 0) return;
    if (timer !== undefined) scheduler.clearTimeout(timer);
    timer = scheduler.setTimeout(() => {
      timer = undefined;
      refresh().catch(() => undefined);
    }, ms);
  }

  async function load(): Promise<void> {
    let listed: string[];
    try {
      listed = listSchema.parse(await options.list());
    } catch (error) {
      logger?.warn(
        { err: error, kept: snapshot.entries.length },
        "LoRA list refresh failed; keeping the last list",
      );
      schedule(retryMs);
      throw new LoraCatalogRefreshError("Could not refresh the LoRA list", { cause: error });
    }
    const safe = listed.filter(isSafeLoraName);
    if (safe.length < listed.length) {
      logger?.warn({ refused: listed.length - safe.length }, "LoRA names refused as unsafe");
    }
    if (!sameList(safe, snapshot.files)) {
      snapshot = snapshotOf(safe);
      logger?.info({ files: safe.length, entries: snapshot.entries.length }, "LoRA list updated");
    }
    schedule(options.refreshMs);
  }

  function refresh(): Promise<void> {
    inFlight ??= load().finally(() => {
      inFlight = undefined;
      firstDone = true;
      firstSettled();
    });
    return inFlight;
  }

  function resolve(input: string): LoraEntry | undefined {
    const { byKey, byFile, byName } = snapshot;
    const exact = byKey.get(input) ?? byFile.get(input);
    if (exact) return exact;
    const trimmed = input.trim();
    return byKey.get(trimmed) ?? byFile.get(trimmed) ?? byName.get(trimmed.toLowerCase());
  }

  schedule(options.refreshMs);

  function firstRefresh(maxWaitMs: number): Promise<void> {
    if (firstDone) return Promise.resolve();
    let waited: unknown;
    const waiting = new Promise<void>((resolve) => (waited = scheduler.setTimeout(resolve, maxWaitMs)));
    return Promise.race([firstFinished, waiting]).finally(() => scheduler.clearTimeout(waited));
  }

  return {
    refresh,
    firstRefresh,
    entries: () => snapshot.entries,
    byCategory: (category) =>
      snapshot.entries.filter((entry) => kindsByCategory[category].includes(entry.kind)),
    resolve,
    isListed: (file) => snapshot.byFile.has(file),
    search: (query, limit = maxChoices) => searchLoras(snapshot.index, query, limit, resolve(query)?.key),
    close: () => {
      closed = true;
      if (timer !== undefined) scheduler.clearTimeout(timer);
      timer = undefined;
    },
  };
}
