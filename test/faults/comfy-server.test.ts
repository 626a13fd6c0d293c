import { afterEach, describe, expect, it } from "vitest";
import type { World } from "../e2e/harness.js";
import { allDelivered, outcomes } from "./checker.js";
import { submitJobs, until } from "./submit.js";
import { faultWorld, settleInWorld } from "./fault-world.js";

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const accepted = (w: World) => w.comfy.prompts.filter((p) => p.status === 200);
const restartNotices = (w: World) =>
  w.discord
    .channelMessages(w.discord.channel().id)
    .filter((m) => m.content.includes("restarted and lost your job"));

describe("fault matrix: ComfyUI restarts mid-job", () => {
  it.each([
    { when: "one job runs, two wait with us", pipelining: "false", inComfy: 1, loseQueue: true, downMs: 300 },
    {
      when: "one job runs, one waits in ComfyUI",
      pipelining: "true",
      inComfy: 2,
      loseQueue: true,
      downMs: 100,
    },
    {
      when: "one runs, one waits, queue kept",
      pipelining: "true",
      inComfy: 2,
      loseQueue: false,
      downMs: 500,
    },
  ])(
    "GIVEN ComfyUI restarts when $when (loseQueue $loseQueue) THEN every job is delivered once and each user who lost one is told",
    async ({ pipelining, inComfy, loseQueue, downMs }) => {
      const w = (world = await faultWorld({ comfy: { stepDelayMs: 8 }, env: { PIPELINING: pipelining } }));
      w.comfy.pause();
      const jobs = await submitJobs(w.discord, "restart");
      // Only one of ours waits in ComfyUI at a time: the second is handed over once the first started.
      await until(() => accepted(w).length === 1, 10_000, "a prompt in ComfyUI");
      w.comfy.resume();
      await until(() => w.bot.jobs.list().some((j) => j.job.state === "running"), 10_000, "a job running");
      await until(() => accepted(w).length === inComfy, 10_000, "prompts in ComfyUI");
      await w.comfy.restart({ loseQueue, downMs });

      const { verdicts, jobsLeft } = await settleInWorld(w, jobs);
      expect(outcomes(verdicts)).toEqual(allDelivered(3));
      expect(jobsLeft).toBe(0);
      const resent = accepted(w).length - jobs.length;
      expect(resent).toBeGreaterThanOrEqual(1);
      const notices = restartNotices(w);
      expect(notices).toHaveLength(resent);
      const users = new Set(jobs.map((j) => j.userId));
      for (const notice of notices) {
        expect(notice.mentionedUserIds).toHaveLength(1);
        expect(users.has(notice.mentionedUserIds[0]!)).toBe(true);
      }
    },
  );
});

describe("fault matrix: slow /view", () => {
  it.each([{ ms: 150 }, { ms: 400 }, { ms: 800 }])(
    "GIVEN every /view answer is delayed by $ms ms THEN every job is delivered exactly once",
    async ({ ms }) => {
      const w = (world = await faultWorld());
      w.comfy.slowRoute("GET", "/view", ms);
      const jobs = await submitJobs(w.discord, "slow view");
      const { verdicts, jobsLeft } = await settleInWorld(w, jobs);
      expect(outcomes(verdicts)).toEqual(allDelivered(3));
      expect(jobsLeft).toBe(0);
      expect(accepted(w)).toHaveLength(3);
    },
  );
});
