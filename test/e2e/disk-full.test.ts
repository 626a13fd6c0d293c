/**
 * A full disk, played by SQLite's max_page_count on the bot's own store file: new /i2v are refused with
 * a sentence, the jobs already taken are still made and delivered, and the bot keeps running.
 */
import { createClient } from "@keyv/redis";
import { afterEach, describe, expect, it } from "vitest";
import { allDelivered, outcomes, settle } from "../faults/checker.js";
import { redisBinary, redisSkipReason } from "../store/backends.js";
import { type RedisServer, startRedisServer } from "../support/redis.js";
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
    "GIVEN the bot's Redis at its maxmemory WHEN a user sends /i2v THEN it is refused with the same sentence, nothing is left behind, and once Redis has room the next one is made",
    async () => {
      redis = await startRedisServer(redisBinary ? { binary: redisBinary } : {});
      const admin = createClient({ url: redis.url });
      await admin.connect();
      const maxMemory = (bytes: number) =>
        admin.configSet({ maxmemory: String(bytes), "maxmemory-policy": "noeviction" });
      try {
        // A daily quota, so the quota count (a store write before the job's) is refused first.
        world = await startWorld({
          discord: { rateLimits: "off" },
          env: { REDIS_URL: redis.url, DAILY_QUOTA: "5" },
        });
        const w = world;
        await maxMemory(1);
        const refused = sendJob(w.discord, await prepareJob(w.discord, "alice", "no room"));
        expect((await privateReply(w, refused.interactionId)).content).toBe(fullSentence);
        expect(w.comfy.prompts).toHaveLength(0);
        expect(w.bot.jobs.list()).toHaveLength(0);

        await maxMemory(0);
        const taken = await jobShown(
          w.discord,
          sendJob(w.discord, await prepareJob(w.discord, "alice", "room")),
        );
        const { verdicts, jobsLeft } = await settle(w.discord, [taken], {
          jobsLeft: () => w.bot.jobs.list().length,
          timeoutMs: 60_000,
          graceMs: 500,
        });
        expect(jobsLeft).toBe(0);
        expect(outcomes(verdicts)).toEqual(allDelivered(1));
        expect(w.bot.client.isReady()).toBe(true);
      } finally {
        await maxMemory(0).catch(() => undefined);
        admin.destroy();
      }
    },
    120_000,
  );
});
