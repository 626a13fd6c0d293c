import type Database from "better-sqlite3";
import type { Logger } from "../../logger.js";
import { StoreFullError } from "../contract.js";

/** Room kept back in the file (1 MiB): enough for every running job's remaining state changes. */
const reserveBytes = 1024 * 1024;
const retryMs = 30_000;

export function isSqliteFull(error: unknown): boolean {
  return error instanceof Error && "code" in error && error.code === "SQLITE_FULL";
}

export interface RoomReserve {
  /** Whether new work may take room; while full, tries at most every 30 s to take the reserve back. */
  admits(now: number): boolean;
  /** A write for new work found the disk full: the reserve is given to the work already running. */
  exhausted(now: number): void;
  /**
   * Runs a write of work already running (a state change). When the disk is full, the reserve is given
   * away and the write tried once more; StoreFullError when there was no reserve left to give.
   */
  forRunningWork<T>(write: () => T): T;
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
  return {
    admits(now) {
      if (!full) return true;
      if (now < retryAt) return false;
      retryAt = now + retryMs;
      full = !refill();
      if (!full) logger?.info("the job store has room again; new jobs are taken");
      return !full;
    },
    exhausted(now) {
      giveAway(now);
    },
    forRunningWork(write) {
      try {
        return write();
      } catch (error) {
        if (!isSqliteFull(error)) throw error;
        if (!giveAway(Date.now())) throw new StoreFullError("the job store's disk is full", { cause: error });
      }
      try {
        return write();
      } catch (error) {
        if (isSqliteFull(error)) throw new StoreFullError("the job store's disk is full", { cause: error });
        throw error;
      }
    },
  };
}
