import { z } from "zod";
import type { Logger } from "../logger.js";
import type { MetaTable } from "../store/contract.js";

export type MetaStore = MetaTable;

const metaKey = "jobSeconds";
const storedSchema = z.array(z.number().nonnegative()).max(1000);

/** How long the last few jobs took on a server, kept across restarts in the store's meta entries. */
export interface JobTimes {
  record(ms: number): void;
  /** The mean of the jobs kept, in milliseconds; undefined before the first one. */
  averageMs(): number | undefined;
  /** How many jobs the average is over. */
  readonly count: number;
  load(): Promise<void>;
}

export function createJobTimes(options: { size?: number; meta?: MetaStore; logger: Logger }): JobTimes {
  const size = options.size ?? 20;
  let seconds: number[] = [];
  return {
    record(ms) {
      seconds = [...seconds, ms / 1000].slice(-size);
      options.meta
        ?.set(metaKey, seconds)
        .catch((error: unknown) => options.logger.warn({ err: error }, "job times not saved"));
    },
    averageMs() {
      if (seconds.length === 0) return undefined;
      return (seconds.reduce((sum, s) => sum + s, 0) / seconds.length) * 1000;
    },
    get count() {
      return seconds.length;
    },
    async load() {
      const stored = await options.meta?.get(metaKey, storedSchema);
      if (stored) seconds = [...stored.slice(-size), ...seconds].slice(-size);
    },
  };
}
