import type Database from "better-sqlite3";
import Keyv from "keyv";

/**
 * A keyv store over the `kv` table of the bot's SQLite file (same file, same driver), for records that
 * are truly key-value with an expiry. keyv checks expiry on read; expired rows are also deleted on write.
 */
export function sqliteKeyv(db: Database.Database, namespace: string): Keyv {
  const get = db.prepare("SELECT value FROM kv WHERE namespace = ? AND key = ?").pluck();
  const set = db.prepare("INSERT OR REPLACE INTO kv (namespace, key, value, expires_at) VALUES (?, ?, ?, ?)");
  const remove = db.prepare("DELETE FROM kv WHERE namespace = ? AND key = ?");
  const clear = db.prepare("DELETE FROM kv WHERE namespace = ?");
  const expire = db.prepare("DELETE FROM kv WHERE expires_at IS NOT NULL AND expires_at <= ?");
  const store = {
    async get(key: string) {
      return (get.get(namespace, key) as string | undefined) ?? undefined;
    },
    async set(key: string, value: string, ttl?: number) {
      expire.run(Date.now());
      set.run(namespace, key, value, ttl ? Date.now() + ttl : null);
      return true;
    },
    async delete(key: string) {
      return remove.run(namespace, key).changes > 0;
    },
    async clear() {
      clear.run(namespace);
    },
  };
  return new Keyv({ store, namespace: "", throwOnErrors: true });
}
