/**
 * Redis past its `maxmemory` (policy noeviction) is this backend's full disk: writes for new work are
 * refused with StoreFullError, and taken again once Redis has room.
 */
import { createClient } from "@keyv/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StoreFullError } from "../../src/store/contract.js";
import { openRedisStore } from "../../src/store/redis/open.js";
import { makeJob } from "../pool/fixtures.js";
import { type RedisServer, startRedisServer } from "../support/redis.js";
import { redisBinary, redisSkipReason } from "./backends.js";

describe.skipIf(redisSkipReason !== undefined)("Redis store out of memory", () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedisServer(redisBinary ? { binary: redisBinary } : {});
  });
  afterAll(() => redis?.stop());

  async function setMaxMemory(bytes: number) {
    const admin = createClient({ url: redis.url });
    await admin.connect();
    await admin.configSet({ maxmemory: String(bytes), "maxmemory-policy": "noeviction" });
    admin.destroy();
  }

  it("GIVEN Redis at its maxmemory WHEN a job is created or a quota count taken THEN both are refused as a full store, and taken once there is room", async () => {
    const store = await openRedisStore(redis.url);
    try {
      await store.jobs.create(makeJob("before"));
      await setMaxMemory(1);
      await expect(store.jobs.create(makeJob("refused"))).rejects.toBeInstanceOf(StoreFullError);
      await expect(store.quota.tryTake("alice", "2026-12-02", 1, 10)).rejects.toBeInstanceOf(StoreFullError);
      expect(await store.jobs.get("refused")).toBeUndefined();
      await setMaxMemory(0);
      await store.jobs.create(makeJob("after"));
      expect((await store.jobs.get("after"))?.id).toBe("after");
      expect((await store.jobs.get("before"))?.id).toBe("before");
    } finally {
      await setMaxMemory(0);
      await store.close();
    }
  });
});
