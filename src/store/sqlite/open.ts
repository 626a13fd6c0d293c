import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import type { Logger } from "../../logger.js";
import type { Store } from "../contract.js";
import { sqliteJobTable } from "./jobs.js";
import { sqliteKeyv } from "./keyv-adapter.js";
import { migrate } from "./migrations.js";
import { roomReserve } from "./reserve.js";
import { sqliteLease, sqliteLinks, sqliteMeta, sqliteQuota } from "./tables.js";

export const sqliteFileName = "oelala-bot.sqlite";

export interface SqliteStoreOptions {
  logger?: Logger | undefined;
  /** Caps the file at this many pages, as a full disk would (tests play a full disk with it). */
  maxPageCount?: number;
  /** Lets the file grow by only this many pages past its size at open (a nearly full disk, for tests). */
  roomPages?: number;
}

/** The default store: one SQLite file in the data folder, WAL mode, migrated at open. */
export function openSqliteStore(
  dataDir: string,
  options: SqliteStoreOptions = {},
): Store & { db: Database.Database } {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const db = new Database(join(dir, sqliteFileName));
  // WAL: readers never wait for the writer; NORMAL sync is durable across a process crash (not a power cut
  // right after a commit); the busy timeout lets two processes' short transactions take turns.
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("busy_timeout = 5000");
  db.pragma("foreign_keys = ON");
  migrate(db, options.logger);
  const reserve = roomReserve(db, options.logger);
  if (options.maxPageCount !== undefined) db.pragma(`max_page_count = ${options.maxPageCount}`);
  if (options.roomPages !== undefined) {
    const pages = db.pragma("page_count", { simple: true }) as number;
    db.pragma(`max_page_count = ${pages + options.roomPages}`);
  }
  return {
    kind: "sqlite",
    db,
    jobs: sqliteJobTable(db, options.logger, reserve),
    jobsHeldBy: (ownerId, now = Date.now) =>
      sqliteJobTable(db, options.logger, reserve, { id: ownerId, now }),
    quota: sqliteQuota(db),
    links: sqliteLinks(db, options.logger),
    meta: sqliteMeta(db, options.logger),
    lease: sqliteLease(db),
    kv: sqliteKeyv(db, "oelala"),
    async close() {
      if (db.open) db.close();
    },
  };
}
