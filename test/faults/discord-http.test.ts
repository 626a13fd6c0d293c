import { afterEach, describe, expect, it } from "vitest";
import type { World } from "../e2e/harness.js";
import type { FailRule, RateLimitRule } from "../fakes/discord/index.js";
import { allDelivered, outcomes } from "./checker.js";
import { submitJobs } from "./submit.js";
import { faultWorld, settleInWorld } from "./fault-world.js";

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const channelPost = /^\/channels\/\d+\/messages$/;
const webhookEdit = /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/;
const answered = (w: World, status: number) => w.discord.requests.filter((r) => r.status === status);

describe("fault matrix: Discord answers 429", () => {
  it.each<{ label: string; rule: RateLimitRule }>([
    {
      label: "the result posts",
      rule: { method: "POST", route: channelPost, times: 2, retryAfterMs: 400 },
    },
    {
      label: "the job message edits",
      rule: { method: "PATCH", route: webhookEdit, times: 4, retryAfterMs: 300 },
    },
    {
      label: "any route, globally",
      rule: { route: /^\/(channels|webhooks)\//, times: 2, retryAfterMs: 500, global: true },
    },
  ])(
    "GIVEN Discord's real limits and extra 429s on $label THEN every job is delivered exactly once",
    async ({ rule }) => {
      const w = (world = await faultWorld({ discord: { rateLimits: "enforce" } }));
      w.discord.rateLimit(rule);
      const jobs = await submitJobs(w.discord, "limited");
      const { verdicts, jobsLeft } = await settleInWorld(w, jobs);
      expect(outcomes(verdicts)).toEqual(allDelivered(3));
      expect(jobsLeft).toBe(0);
      expect(answered(w, 429).length).toBeGreaterThanOrEqual(rule.times!);
    },
  );
});

describe("fault matrix: Discord answers 5xx", () => {
  it.each<{ label: string; rule: FailRule }>([
    { label: "one 500 on a result post", rule: { method: "POST", route: channelPost, status: 500 } },
    {
      label: "three 503s on the result posts",
      rule: { method: "POST", route: channelPost, status: 503, times: 3 },
    },
    { label: "one 502 on a job message edit", rule: { method: "PATCH", route: webhookEdit, status: 502 } },
  ])("GIVEN $label THEN discord.js retries and every job is delivered exactly once", async ({ rule }) => {
    const w = (world = await faultWorld());
    w.discord.failRoute(rule);
    const jobs = await submitJobs(w.discord, "5xx");
    const { verdicts, jobsLeft } = await settleInWorld(w, jobs);
    expect(outcomes(verdicts)).toEqual(allDelivered(3));
    expect(jobsLeft).toBe(0);
    expect(answered(w, rule.status)).toHaveLength(rule.times ?? 1);
  });

  it("GIVEN Discord answers 500 to the result post longer than discord.js retries THEN the finished video is still delivered once Discord is back", async () => {
    const w = (world = await faultWorld());
    // discord.js sends a request at most 4 times (1 + 3 retries, back to back) before it gives up.
    w.discord.failRoute({ method: "POST", route: channelPost, status: 500, times: 4 });
    const jobs = await submitJobs(w.discord, "outage");
    const { verdicts, jobsLeft } = await settleInWorld(w, jobs);
    expect(outcomes(verdicts)).toEqual(allDelivered(3));
    expect(jobsLeft).toBe(0);
    expect(answered(w, 500)).toHaveLength(4);
  });
});
