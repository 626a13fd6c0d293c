import type Database from "better-sqlite3";
import type { Logger } from "../../logger.js";
import { StoreFullError } from "../contract.js";

/** Room kept back in the file (1 MiB): enough for every running job's remaining state changes. */
const reserveBytes = 1024 * 1024;
const retryMs = 30_000;

function isSqliteFull(error: unknown): boolean {
  return error instanceof Error && "code" in error && error.code === "SQLITE_FULL";
}

/** Same contract as the Redis reserve (`src/store/redis/reserve.ts`), for synchronous writes. */
export interface RoomReserve {
  /**
   * Runs a write for new work (a job). Refused with StoreFullError while the reserve is given away
   * (tried back at most every 30 s); when the disk is full, the reserve goes to the work already running.
   */
  forNewWork<T>(write: () => T): T;
  /**
   * Runs a write of work already running (a state change). When the disk is full, the reserve is given
   * away and the write tried once more; StoreFullError when there was no reserve left to give.
   */
  forRunningWork<T>(write: () => T): T;
}

const fullDisk = (cause?: unknown) => new StoreFullError("the job store's disk is full", { cause });

/** The write, with SQLite's "disk full" as StoreFullError. */
function mapped<T>(write: () => T): T {
  try {
    return write();
  } catch (error) {
    throw isSqliteFull(error) ? fullDisk(error) : error;
  }
}

/**
 * A ballast row in the SQLite file. When the disk fills up, new jobs are refused and the ballast is
 * deleted, so its pages (reused from the file's free list, no new disk space needed) carry the jobs
 * already running to their end. Once the disk has room again, the ballast is written back.
 */
export function roomReserve(db: Database.Database, logger: Logger | undefined): RoomReserve {
  const fill = db.prepare("INSERT OR REPLACE INTO reserve (id, filler) VALUES (1, zeroblob(?))");
  const release = db.prepare("DELETE FROM reserve WHERE id = 1");
  const held = db.prepare("SELECT 1 FROM reserve WHERE id = 1").pluck();
  const refill = (): boolean => {
    try {
      fill.run(reserveBytes);
      return true;
    } catch (error) {
      if (isSqliteFull(error)) return false;
      throw error;
    }
  };
  let full = !held.get() && !refill();
  let retryAt = 0;
  /** Whether the ballast was still there to free. */
  const giveAway = (now: number): boolean => {
    if (!full) logger?.warn("the job store's disk is full: new jobs are refused, running ones carry on");
    full = true;
    retryAt = now + retryMs;
    return release.run().changes > 0;
  };
  function admits(now: number): boolean {
    if (!full) return true;
    if (now < retryAt) return false;
    retryAt = now + retryMs;
    full = !refill();
    if (!full) logger?.info("the job store has room again; new jobs are taken");
    return !full;
  }

  return {
    forNewWork(write) {
      if (!admits(Date.now())) throw fullDisk();
      try {
        return mapped(write);
      } catch (error) {
        if (error instanceof StoreFullError) giveAway(Date.now());
        throw error;
      }
    },
    forRunningWork(write) {
      try {
        return mapped(write);
      } catch (error) {
        if (!(error instanceof StoreFullError) || !giveAway(Date.now())) throw error;
      }
      return mapped(write);
    },
  };
}
