import type Database from "better-sqlite3";
import type { Logger } from "../../logger.js";
import { importKeyvRecords } from "./keyv-import.js";

type Migration = (db: Database.Database, logger: Logger | undefined) => void;

/**
 * Numbered schema changes, run in order at start, each in its own transaction. `PRAGMA user_version`
 * says how many have run. Append only: a migration that shipped is never edited.
 */
const migrations: readonly Migration[] = [
  (db) =>
    db.exec(`
      CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        prompt_id TEXT,
        version INTEGER NOT NULL,
        record TEXT NOT NULL
      );
      CREATE INDEX jobs_by_state ON jobs (state, created_at);
      CREATE INDEX jobs_by_prompt ON jobs (prompt_id) WHERE prompt_id IS NOT NULL;
      CREATE INDEX jobs_finished ON jobs (updated_at) WHERE state IN ('done', 'failed', 'cancelled');
      CREATE TABLE quota (user_id TEXT PRIMARY KEY, day TEXT NOT NULL, used REAL NOT NULL);
      CREATE TABLE links (
        hash TEXT PRIMARY KEY,
        video_path TEXT NOT NULL,
        expires_at INTEGER NOT NULL,
        record TEXT NOT NULL
      );
      CREATE INDEX links_by_expiry ON links (expires_at);
      CREATE INDEX links_by_file ON links (video_path, expires_at);
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE lease (
        name TEXT PRIMARY KEY,
        owner_id TEXT NOT NULL,
        host TEXT NOT NULL,
        pid INTEGER NOT NULL,
        since INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE TABLE kv (namespace TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, expires_at INTEGER,
        PRIMARY KEY (namespace, key));
    `),
  // The keyv store of earlier versions kept everything in one `keyv` table of JSON values.
  (db, logger) => importKeyvRecords(db, logger),
  // Room held back for running jobs when the disk fills up (reserve.ts).
  (db) => db.exec("CREATE TABLE reserve (id INTEGER PRIMARY KEY, filler BLOB NOT NULL)"),
];

export function migrate(db: Database.Database, logger: Logger | undefined): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(
      `The job store was written by a newer version of the bot (schema ${current}, this one knows ${migrations.length}). Update the bot or use another DATA_DIR.`,
    );
  }
  for (let version = current; version < migrations.length; version++) {
    db.transaction(() => {
      migrations[version]!(db, logger);
      db.pragma(`user_version = ${version + 1}`);
    })();
    logger?.info({ schema: version + 1 }, "job store migrated");
  }
}
