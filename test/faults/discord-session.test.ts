import { afterEach, describe, expect, it } from "vitest";
import type { World } from "../e2e/harness.js";
import type { GatewayDisruption } from "../fakes/discord/index.js";
import { allDelivered, outcomes } from "./checker.js";
import { jobShown, prepareJob, sendJob, submitJobs, until } from "./submit.js";
import { faultWorld, settleInWorld } from "./fault-world.js";

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe("fault matrix: the gateway connection breaks", () => {
  it.each<{ how: GatewayDisruption }>([
    { how: "drop" },
    { how: "reconnect" },
    { how: "invalid-session-resumable" },
  ])(
    "GIVEN the gateway is disrupted ($how) with two commands sent meanwhile THEN the session resumes, those commands are answered, and every job is delivered exactly once",
    async ({ how }) => {
      const w = (world = await faultWorld({ comfy: { stepDelayMs: 10 } }));
      const first = await submitJobs(w.discord, "before", ["alice"]);
      const during = [
        await prepareJob(w.discord, "bob", "during 1"),
        await prepareJob(w.discord, "alice", "during 2"),
      ];
      w.discord.reconnectGateway(how);
      const sent = during.map((job) => sendJob(w.discord, job));
      const jobs = [...first];
      for (const job of sent) jobs.push(await jobShown(w.discord, job));

      const { verdicts, jobsLeft } = await settleInWorld(w, jobs);
      expect(outcomes(verdicts)).toEqual(allDelivered(3));
      expect(jobsLeft).toBe(0);
      expect(w.discord.resumes).toHaveLength(1);
      expect(w.discord.identifies).toHaveLength(1);
      if (how === "drop") expect(w.discord.resumes[0]!.replayed).toBeGreaterThanOrEqual(2);
    },
  );
});

describe("fault matrix: interaction tokens expire mid-job", () => {
  const webhook401 = (w: World) =>
    w.discord.requests.filter((r) => r.path.startsWith("/webhooks/") && r.status === 401);
  const doneViaChannel = (w: World, interactionId: string) =>
    w.discord
      .channelMessages(w.discord.channel().id)
      .find((m) => m.interactionId === interactionId)
      ?.edits.some((e) => e.via === "channel" && JSON.stringify(e.embeds).includes('"title":"Done"'));

  it("GIVEN tokens that Discord ends after 1 s while the bot trusts them for a minute THEN every job is delivered exactly once and its message still ends on Done", async () => {
    const w = (world = await faultWorld({
      comfy: { stepDelayMs: 20 },
      discord: { tokenLifetimeMs: 1_000 },
      bot: { tokenUsableMs: 60_000 },
    }));
    const jobs = await submitJobs(w.discord, "short token");
    const { verdicts, jobsLeft } = await settleInWorld(w, jobs);
    expect(outcomes(verdicts)).toEqual(allDelivered(3));
    expect(jobsLeft).toBe(0);
    expect(webhook401(w).length).toBeGreaterThan(0);
    expect(jobs.filter((j) => doneViaChannel(w, j.interactionId))).not.toHaveLength(0);
  });

  it.each([{ when: "as soon as each job is shown" }, { when: "once the first job runs" }])(
    "GIVEN every job's token is revoked $when THEN every job is delivered exactly once and its message ends on Done through the channel",
    async ({ when }) => {
      const w = (world = await faultWorld({ comfy: { stepDelayMs: 10 } }));
      if (when.startsWith("once")) w.comfy.pause();
      const jobs = await submitJobs(w.discord, "revoked");
      if (when.startsWith("once")) {
        w.comfy.resume();
        await until(() => w.bot.jobs.list().some((j) => j.job.state === "running"), 10_000, "a job running");
      }
      for (const job of jobs) w.discord.expireToken(job.token);
      const { verdicts, jobsLeft } = await settleInWorld(w, jobs);
      expect(outcomes(verdicts)).toEqual(allDelivered(3));
      expect(jobsLeft).toBe(0);
      expect(webhook401(w).length).toBeGreaterThan(0);
      for (const job of jobs) expect(doneViaChannel(w, job.interactionId)).toBe(true);
    },
  );
});
