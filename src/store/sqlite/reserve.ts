import type Database from "better-sqlite3";
import type { Logger } from "../../logger.js";

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
      if (!full) logger?.warn("the job store's disk is full: new jobs are refused, running ones carry on");
      full = true;
      retryAt = now + retryMs;
      release.run();
    },
  };
}
