import type Database from "better-sqlite3";
import { z } from "zod";
import { linkRecordSchema } from "../../links/entry.js";
import type { Logger } from "../../logger.js";
import type { LeaseHolder, LeaseTable, LinkTable, MetaTable, QuotaCounter } from "../contract.js";

export function sqliteQuota(db: Database.Database): QuotaCounter {
  const row = db.prepare("SELECT day, used FROM quota WHERE user_id = ?");
  const write = db.prepare("INSERT OR REPLACE INTO quota (user_id, day, used) VALUES (?, ?, ?)");
  const usedOn = (userId: string, day: string) => {
    const current = row.get(userId) as { day: string; used: number } | undefined;
    return current?.day === day ? current.used : 0;
  };
  // One transaction per call: with one connection per process and SQLite's write lock, take-if-under
  // cannot interleave, also across processes.
  const take = db.transaction((userId: string, day: string, amount: number, limit: number) => {
    const used = usedOn(userId, day);
    if (used + amount > limit) return { taken: false, used };
    write.run(userId, day, used + amount);
    return { taken: true, used: used + amount };
  });
  const giveBack = db.transaction((userId: string, day: string, amount: number) => {
    const current = row.get(userId) as { day: string; used: number } | undefined;
    if (current?.day !== day) return 0;
    const used = Math.max(0, current.used - amount);
    write.run(userId, day, used);
    return used;
  });
  return {
    async tryTake(userId, day, amount, limit) {
      return take.immediate(userId, day, amount, limit);
    },
    async giveBack(userId, day, amount) {
      return giveBack.immediate(userId, day, amount);
    },
    async used(userId, day) {
      return usedOn(userId, day);
    },
  };
}

export function sqliteLinks(db: Database.Database, logger: Logger | undefined): LinkTable {
  const put = db.prepare(
    "INSERT OR REPLACE INTO links (hash, video_path, expires_at, record) VALUES (?, ?, ?, ?)",
  );
  const get = db.prepare("SELECT record FROM links WHERE hash = ? AND expires_at > ?").pluck();
  const expired = db.prepare(
    "SELECT hash, record FROM links WHERE expires_at <= ? ORDER BY expires_at LIMIT ?",
  );
  const inUse = db.prepare("SELECT 1 FROM links WHERE video_path = ? AND expires_at > ? LIMIT 1");
  const remove = db.prepare("DELETE FROM links WHERE hash = ?");
  const parse = (hash: string, text: string) => {
    const parsed = linkRecordSchema.safeParse(JSON.parse(text));
    if (!parsed.success) logger?.error({ link: hash.slice(0, 8) }, "link record refused");
    return parsed.success ? parsed.data : undefined;
  };
  return {
    async put(hash, record) {
      put.run(hash, record.videoPath, record.expiresAt, JSON.stringify(record));
    },
    async get(hash, now) {
      const text = get.get(hash, now) as string | undefined;
      return text === undefined ? undefined : parse(hash, text);
    },
    async expired(now, max) {
      const rows = expired.all(now, max) as Array<{ hash: string; record: string }>;
      return rows.flatMap((r) => {
        const record = parse(r.hash, r.record);
        return record ? [{ hash: r.hash, record }] : [];
      });
    },
    async inUse(path, now) {
      return inUse.get(path, now) !== undefined;
    },
    async delete(hash) {
      remove.run(hash);
    },
  };
}

export function sqliteMeta(db: Database.Database, logger: Logger | undefined): MetaTable {
  const get = db.prepare("SELECT value FROM meta WHERE key = ?").pluck();
  const set = db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)");
  return {
    async get(key, schema) {
      const text = get.get(key) as string | undefined;
      if (text === undefined) return undefined;
      const parsed = schema.safeParse(JSON.parse(text));
      if (!parsed.success) logger?.warn({ key }, "stored value refused; using the default");
      return parsed.success ? parsed.data : undefined;
    },
    async set(key, value) {
      set.run(key, JSON.stringify(value));
    },
  };
}

const leaseRow = z.object({
  owner_id: z.string(),
  host: z.string(),
  pid: z.number(),
  since: z.number(),
  expires_at: z.number(),
});

export function sqliteLease(db: Database.Database): LeaseTable {
  const current = db.prepare("SELECT owner_id, host, pid, since, expires_at FROM lease WHERE name = 'bot'");
  const write = db.prepare(
    "INSERT OR REPLACE INTO lease (name, owner_id, host, pid, since, expires_at) VALUES ('bot', ?, ?, ?, ?, ?)",
  );
  const renew = db.prepare(
    "UPDATE lease SET expires_at = ? WHERE name = 'bot' AND owner_id = ? AND expires_at > ?",
  );
  const release = db.prepare("DELETE FROM lease WHERE name = 'bot' AND owner_id = ?");
  const holderOf = (): LeaseHolder | undefined => {
    const row = leaseRow.safeParse(current.get());
    if (!row.success) return undefined;
    const r = row.data;
    return { ownerId: r.owner_id, host: r.host, pid: r.pid, since: r.since, expiresAt: r.expires_at };
  };
  const acquire = db.transaction(
    (
      me: Omit<LeaseHolder, "expiresAt">,
      ttlMs: number,
      now: number,
      replacing: string | undefined,
    ): { ok: true } | { ok: false; holder: LeaseHolder } => {
      const holder = holderOf();
      const mine = holder?.ownerId === me.ownerId || holder?.ownerId === replacing;
      if (holder && !mine && holder.expiresAt > now) return { ok: false, holder };
      write.run(me.ownerId, me.host, me.pid, me.since, now + ttlMs);
      return { ok: true };
    },
  );
  return {
    async acquire(me, ttlMs, now, replacing) {
      return acquire.immediate(me, ttlMs, now, replacing);
    },
    async renew(ownerId, ttlMs, now) {
      return renew.run(now + ttlMs, ownerId, now).changes === 1;
    },
    async release(ownerId) {
      release.run(ownerId);
    },
  };
}
