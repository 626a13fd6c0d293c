import { createHash } from "node:crypto";
import { linkRecordSchema } from "../../links/entry.js";
import type { Logger } from "../../logger.js";
import type { LeaseHolder, LeaseTable, LinkTable, MetaTable, QuotaCounter } from "../contract.js";
import type { RedisClient } from "./connect.js";
import { evalScript } from "./eval.js";
import type { RedisRoomReserve } from "./reserve.js";
import { acquireLease, giveBackQuota, releaseLease, renewLease, takeQuota } from "./scripts.js";
import { z } from "zod";

export function redisQuota(client: RedisClient, prefix: string, reserve: RedisRoomReserve): QuotaCounter {
  const key = (userId: string) => `${prefix}quota:${userId}`;
  return {
    async tryTake(userId, day, amount, limit) {
      const cap = Number.isFinite(limit) ? limit : -1;
      const [taken, used] = (await reserve.forNewWork(() =>
        evalScript(client, takeQuota, [key(userId)], [day, amount, cap]),
      )) as [number, string];
      return { taken: taken === 1, used: Number(used) };
    },
    async giveBack(userId, day, amount) {
      return Number(await evalScript(client, giveBackQuota, [key(userId)], [day, amount]));
    },
    async used(userId, day) {
      const [storedDay, used] = await client.hmGet(key(userId), ["day", "used"]);
      return storedDay === day ? Number(used) : 0;
    },
  };
}

export function redisLinks(client: RedisClient, prefix: string, logger: Logger | undefined): LinkTable {
  const recordKey = (hash: string) => `${prefix}link:${hash}`;
  const expiryKey = `${prefix}links:expiry`;
  const fileKey = (path: string) => `${prefix}links:file:${createHash("sha256").update(path).digest("hex")}`;
  const parse = (hash: string, text: string | null) => {
    if (text === null) return undefined;
    const parsed = linkRecordSchema.safeParse(JSON.parse(text));
    if (!parsed.success) logger?.error({ link: hash.slice(0, 8) }, "link record refused");
    return parsed.success ? parsed.data : undefined;
  };
  return {
    async put(hash, record) {
      await client
        .multi()
        .set(recordKey(hash), JSON.stringify(record))
        .zAdd(expiryKey, { score: record.expiresAt, value: hash })
        .zAdd(fileKey(record.videoPath), { score: record.expiresAt, value: hash })
        .exec();
    },
    async get(hash, now) {
      const record = parse(hash, await client.get(recordKey(hash)));
      return record && record.expiresAt > now ? record : undefined;
    },
    async expired(now, max) {
      const hashes = await client.zRangeByScore(expiryKey, "-inf", now, { LIMIT: { offset: 0, count: max } });
      if (hashes.length === 0) return [];
      const texts = await client.mGet(hashes.map(recordKey));
      return hashes.flatMap((hash, i) => {
        const record = parse(hash, texts[i] ?? null);
        return record ? [{ hash, record }] : [];
      });
    },
    async inUse(path, now) {
      return (await client.zCount(fileKey(path), `(${now}`, "+inf")) > 0;
    },
    async delete(hash) {
      const record = parse(hash, await client.get(recordKey(hash)));
      const multi = client.multi().del(recordKey(hash)).zRem(expiryKey, hash);
      if (record) multi.zRem(fileKey(record.videoPath), hash);
      await multi.exec();
    },
  };
}

export function redisMeta(client: RedisClient, prefix: string, logger: Logger | undefined): MetaTable {
  return {
    async get(key, schema) {
      const text = await client.get(`${prefix}meta:${key}`);
      if (text === null) return undefined;
      const parsed = schema.safeParse(JSON.parse(text));
      if (!parsed.success) logger?.warn({ key }, "stored value refused; using the default");
      return parsed.success ? parsed.data : undefined;
    },
    async set(key, value) {
      await client.set(`${prefix}meta:${key}`, JSON.stringify(value));
    },
  };
}

const holderSchema = z.object({
  ownerId: z.string(),
  host: z.string(),
  pid: z.number(),
  since: z.number(),
  expiresAt: z.number(),
});

/** The lease's one key; it has a Redis-side expiry, so it lapses on Redis's clock even if we are cut off. */
export const leaseKey = (prefix: string) => `${prefix}lease`;

export function redisLease(client: RedisClient, prefix: string): LeaseTable {
  const key = leaseKey(prefix);
  return {
    async acquire(me, ttlMs, now) {
      const holder: LeaseHolder = { ...me, expiresAt: now + ttlMs };
      const reply = await evalScript(
        client,
        acquireLease,
        [key],
        [me.ownerId, JSON.stringify(holder), ttlMs],
      );
      if (reply === null || reply === undefined) return { ok: true };
      const other = holderSchema.safeParse(JSON.parse(String(reply)));
      if (!other.success)
        return { ok: false, holder: { ownerId: "?", host: "?", pid: 0, since: 0, expiresAt: 0 } };
      return { ok: false, holder: other.data };
    },
    async renew(ownerId, ttlMs, now) {
      return Number(await evalScript(client, renewLease, [key], [ownerId, ttlMs, now + ttlMs])) === 1;
    },
    async release(ownerId) {
      await evalScript(client, releaseLease, [key], [ownerId]);
    },
  };
}
