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
    let refusal: string | undefined;
    for (let i = 0; i < 60 && refusal === undefined; i++) {
      const sent = sendJob(w.discord, await prepareJob(w.discord, i % 2 ? "bob" : "alice", `full ${i}`));
      const outcome = await Promise.race([
        jobShown(w.discord, sent, 15_000).then((job) => ({ job })),
        privateReply(w, sent.interactionId).then((reply) => ({ reply: reply.content })),
      ]);
      if ("job" in outcome) taken.push(outcome.job);
      else refusal = outcome.reply;
    }
    expect(refusal).toBe(fullSentence);
    expect(taken.length).toBeGreaterThan(0);

    w.comfy.resume();
    const { verdicts, jobsLeft } = await settle(w.discord, taken, {
      jobsLeft: () => w.bot.jobs.list().length,
      timeoutMs: 60_000,
      graceMs: 500,
    });
    expect(outcomes(verdicts)).toEqual(allDelivered(taken.length));
    expect(jobsLeft).toBe(0);
    expect(w.bot.client.isReady()).toBe(true);
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
        const send = async (i: number) => {
          const sent = sendJob(w.discord, await prepareJob(w.discord, i % 2 ? "bob" : "alice", `full ${i}`));
          return Promise.race([
            jobShown(w.discord, sent, 15_000).then((job) => ({ job })),
            privateReply(w, sent.interactionId).then((reply) => ({ reply: reply.content })),
          ]);
        };
        for (let i = 0; i < 2; i++) {
          const outcome = await send(i);
          if ("job" in outcome) taken.push(outcome.job);
        }
        // Redis is full from here: its limit a little under what it uses now (its 1 MiB ballast included).
        const used = await settledUsedMemory(admin);
        await admin.configSet({ maxmemory: String(used - 64 * 1024), "maxmemory-policy": "noeviction" });
        let refusal: string | undefined;
        for (let i = 2; i < 20 && refusal === undefined; i++) {
          const outcome = await send(i);
          if ("job" in outcome) taken.push(outcome.job);
          else refusal = outcome.reply;
        }
        expect(refusal).toBe(fullSentence);
        expect(taken.length).toBeGreaterThanOrEqual(2);

        w.comfy.resume();
        const { verdicts, jobsLeft } = await settle(w.discord, taken, {
          jobsLeft: () => w.bot.jobs.list().length,
          timeoutMs: 60_000,
          graceMs: 500,
        });
        expect(outcomes(verdicts)).toEqual(allDelivered(taken.length));
        expect(jobsLeft).toBe(0);
        expect(w.bot.client.isReady()).toBe(true);
      } finally {
        await admin.configSet({ maxmemory: "0" }).catch(() => undefined);
        admin.destroy();
      }
    },
    120_000,
  );
});
