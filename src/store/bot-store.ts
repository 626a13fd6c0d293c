import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import type { JobTable, Store } from "./contract.js";
import { fencedJobs } from "./fence.js";
import { type LeaseKeeper, takeLease } from "./lease-keeper.js";
import { openStore } from "./open.js";
import type { SqliteStoreOptions } from "./sqlite/open.js";

/** Finished jobs are kept at least this long, for Reroll and Again and for /queue history. */
const minJobRetentionMs = 30 * 86_400_000;

export interface BotStore {
  store: Store;
  /** The job table behind the lease: writes stop the moment the lease is gone. */
  jobs: JobTable;
  lease: LeaseKeeper;
  /** Resolves when the lease is lost (another bot took over, or this one was paused or cut off). */
  leaseLost: Promise<void>;
  pruneFinished(): Promise<void>;
}

/**
 * Opens the store and takes its lease before anything else happens: a second bot refuses to start or,
 * with STANDBY=true, waits here, connected to nothing else, until the active one's lease expires.
 */
export async function openBotStore(
  config: Config,
  logger: Logger,
  now: () => number,
  sqlite?: SqliteStoreOptions,
): Promise<BotStore> {
  const store = await openStore(config, { logger, sqlite });
  let onLost: () => void = () => undefined;
  const leaseLost = new Promise<void>((resolve) => (onLost = resolve));
  let lease: LeaseKeeper;
  try {
    lease = await takeLease(store.lease, { ...config.lease, logger, now, onLost: () => onLost() });
  } catch (error) {
    await store.close();
    throw error;
  }
  const retentionMs = Math.max(config.imageRetentionMs, minJobRetentionMs);
  return {
    store,
    jobs: fencedJobs(store, lease, now),
    lease,
    leaseLost,
    async pruneFinished() {
      const removed = await store.jobs.pruneFinished(now() - retentionMs);
      if (removed > 0) logger.info({ removed }, "old finished jobs removed from the store");
    },
  };
}
