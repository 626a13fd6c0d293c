/**
 * A full disk, played by SQLite's max_page_count on the bot's own store file: new /i2v are refused with
 * a sentence, the jobs already taken are still made and delivered, and the bot keeps running.
 */
import { createClient } from "@keyv/redis";
import { afterEach, describe, expect, it } from "vitest";
import { allDelivered, outcomes, settle } from "../faults/checker.js";
import { redisBinary, redisSkipReason } from "../store/backends.js";
import { type RedisServer, settledUsedMemory, startRedisServer } from "../support/redis.js";
import { type SubmittedJob, jobShown, prepareJob, sendJob } from "../faults/submit.js";
import { type World, privateReply, startWorld } from "./harness.js";

let world: World | undefined;
let redis: RedisServer | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
  await redis?.stop();
  redis = undefined;
});

const fullSentence =
  "The bot's storage is full, so it cannot take new videos right now. Videos already on their way are still made.";

/** Sends /i2v from alice and bob in turn (numbers `from` to `to`) until one is refused; the refusal. */
async function sendUntilRefused(w: World, taken: SubmittedJob[], from: number, to: number) {
  for (let i = from; i < to; i++) {
    const sent = sendJob(w.discord, await prepareJob(w.discord, i % 2 ? "bob" : "alice", `full ${i}`));
    const outcome = await Promise.race([
      jobShown(w.discord, sent, 15_000).then((job) => ({ job })),
      privateReply(w, sent.interactionId).then((reply) => ({ reply: reply.content })),
    ]);
    if ("reply" in outcome) return outcome.reply;
    taken.push(outcome.job);
  }
  return undefined;
}

/** ComfyUI goes on: every job taken is delivered, none is left, and the bot is still connected. */
async function expectAllDelivered(w: World, taken: SubmittedJob[]) {
  w.comfy.resume();
  const { verdicts, jobsLeft } = await settle(w.discord, taken, {
    jobsLeft: () => w.bot.jobs.list().length,
    timeoutMs: 60_000,
    graceMs: 500,
  });
  expect(outcomes(verdicts)).toEqual(allDelivered(taken.length));
  expect(jobsLeft).toBe(0);
  expect(w.bot.client.isReady()).toBe(true);
}

describe("the store's disk is full", () => {
  it("GIVEN the store file cannot grow WHEN users keep sending /i2v THEN new ones are refused with a sentence and the jobs already taken are delivered", async () => {
    world = await startWorld({
      bot: { sqlite: { roomPages: 4 } },
      discord: { rateLimits: "off" },
      env: { MAX_WAITING_PER_USER: "100" },
    });
    const w = world;
    w.comfy.pause();
    const taken: SubmittedJob[] = [];
    expect(await sendUntilRefused(w, taken, 0, 60)).toBe(fullSentence);
    expect(taken.length).toBeGreaterThan(0);
    await expectAllDelivered(w, taken);
  }, 120_000);

  it.skipIf(redisSkipReason !== undefined)(
    "GIVEN the bot's Redis fills up to its maxmemory WHEN users keep sending /i2v THEN new ones are refused with the same sentence and the jobs already taken are delivered",
    async () => {
      redis = await startRedisServer(redisBinary ? { binary: redisBinary } : {});
      const admin = createClient({ url: redis.url });
      await admin.connect();
      try {
        // A daily quota too: its count is a store write of every new job.
        world = await startWorld({
          discord: { rateLimits: "off" },
          env: { REDIS_URL: redis.url, DAILY_QUOTA: "1000", MAX_WAITING: "500", MAX_WAITING_PER_USER: "500" },
        });
        const w = world;
        w.comfy.pause();
        const taken: SubmittedJob[] = [];
        expect(await sendUntilRefused(w, taken, 0, 2)).toBeUndefined();
        // Redis is full from here: its limit a little under what it uses now (its 1 MiB ballast included).
        const used = await settledUsedMemory(admin);
        await admin.configSet({ maxmemory: String(used - 64 * 1024), "maxmemory-policy": "noeviction" });
        expect(await sendUntilRefused(w, taken, 2, 20)).toBe(fullSentence);
        expect(taken.length).toBeGreaterThanOrEqual(2);
        await expectAllDelivered(w, taken);
      } finally {
        await admin.configSet({ maxmemory: "0" }).catch(() => undefined);
        admin.destroy();
      }
    },
    120_000,
  );
});
