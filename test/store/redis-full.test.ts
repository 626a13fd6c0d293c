/**
 * Redis past its `maxmemory` (policy noeviction) is this backend's full disk: new work is refused with
 * StoreFullError, the ballast key's memory goes to the jobs already running, and new work is taken again
 * once Redis has room.
 */
import { createClient } from "@keyv/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StoreFullError } from "../../src/store/contract.js";
import { openRedisStore } from "../../src/store/redis/open.js";
import { makeJob } from "../pool/fixtures.js";
import { type RedisServer, settledUsedMemory, startRedisServer } from "../support/redis.js";
import { redisBinary, redisSkipReason } from "./backends.js";

describe.skipIf(redisSkipReason !== undefined)("Redis store out of memory", () => {
  let redis: RedisServer;
  let admin: ReturnType<typeof createClient>;
  beforeAll(async () => {
    redis = await startRedisServer(redisBinary ? { binary: redisBinary } : {});
    admin = createClient({ url: redis.url });
    await admin.connect();
  });
  afterAll(async () => {
    admin?.destroy();
    await redis?.stop();
  });

  const setMaxMemory = (bytes: number) =>
    admin.configSet({ maxmemory: String(bytes), "maxmemory-policy": "noeviction" });
  /** A limit just above what Redis uses now: a few more jobs fill it. */
  async function fillsSoon() {
    const used = await settledUsedMemory(admin);
    await setMaxMemory(used + 64 * 1024);
  }

  it("GIVEN Redis fills up WHEN new jobs keep coming THEN one is refused as a full store, a quota count too, and the jobs already there still change state", async () => {
    let now = 1_000_000;
    const store = await openRedisStore(redis.url, { now: () => now });
    try {
      const running = makeJob("running");
      await store.jobs.create(running);
      await fillsSoon();
      let refused: unknown;
      for (let i = 0; i < 10_000 && refused === undefined; i++) {
        const job = makeJob(`new-${i}`);
        await store.jobs
          .create({ ...job, request: { ...job.request, prompt: "x".repeat(2_000) } })
          .catch((error: unknown) => (refused = error));
      }
      expect(refused).toBeInstanceOf(StoreFullError);
      await expect(store.quota.tryTake("alice", "2026-12-02", 1, 10)).rejects.toBeInstanceOf(StoreFullError);
      // Running work carries on: the ballast key's memory was given to it.
      const preparing = await store.jobs.transition("queued", { ...running, state: "preparing" });
      expect(preparing.ok).toBe(true);
      const submitted = await store.jobs.transition("preparing", {
        ...running,
        state: "submitted",
        promptId: "p1",
      });
      expect(submitted.ok).toBe(true);
      expect((await store.jobs.get("running"))?.state).toBe("submitted");

      // Room again: refused until the next try (30 s), then taken, and the ballast is back.
      await setMaxMemory(0);
      await expect(store.jobs.create(makeJob("too-soon"))).rejects.toBeInstanceOf(StoreFullError);
      now += 30_000;
      await store.jobs.create(makeJob("after"));
      expect((await store.jobs.get("after"))?.id).toBe("after");
      expect(await admin.exists("oelala:reserve")).toBe(1);
    } finally {
      await setMaxMemory(0);
      await store.close();
    }
  });

  it("GIVEN Redis fills up WHEN the first write it refuses is a running job's state change THEN that change is made with the ballast's memory, and new jobs are refused from then on", async () => {
    const store = await openRedisStore(redis.url);
    try {
      const running = makeJob("running-2");
      await store.jobs.create(running);
      // Nothing may grow from here on, so the next write of any kind is refused for want of memory.
      const used = await settledUsedMemory(admin);
      await setMaxMemory(used - 4 * 1024);
      const bigger = {
        ...running,
        state: "preparing" as const,
        request: { ...running.request, prompt: "y".repeat(4_000) },
      };
      const preparing = await store.jobs.transition("queued", bigger);
      expect(preparing.ok).toBe(true);
      expect((await store.jobs.get("running-2"))?.state).toBe("preparing");
      await expect(store.jobs.create(makeJob("new-2"))).rejects.toBeInstanceOf(StoreFullError);
    } finally {
      await setMaxMemory(0);
      await store.close();
    }
  });
});
