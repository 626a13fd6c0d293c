import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { type AccessControl, createAccessControl, memoryQuotaCounter } from "../../src/access/control.js";
import type { AccessPolicy, Caller } from "../../src/access/policy.js";
import type { BotContext } from "../../src/discord/context.js";
import { type NewJobInput, startJob } from "../../src/discord/start-job.js";
import { loadConfig } from "../../src/config.js";
import { UserError } from "../../src/errors.js";
import type { Admission } from "../../src/jobs/admission.js";
import { type JobCreation, type NewJob, createJob } from "../../src/jobs/create-job.js";
import type { JobRecord } from "../../src/jobs/job.js";

const alice = "500000000000000001";
const mod = "300000000000000002";
const policy: AccessPolicy = {
  allowedGuilds: [],
  allowedChannels: [],
  allowedRoles: [],
  adminUsers: [],
  adminRoles: [mod],
  dailyQuota: 1,
  nsfwOnly: false,
};
const caller = (roleIds: string[] = []): Caller => ({
  userId: alice,
  guildId: "100000000000000001",
  channelId: "200000000000000001",
  roleIds,
  channelNsfw: false,
});
const input: NewJobInput = {
  origin: { userId: alice, channelId: "200000000000000001", attachmentSizeLimit: 10 << 20 },
  request: { prompt: "a fox", durationSeconds: 5, aspect: "auto", resolution: "480p" },
  params: {
    prompt: "a fox",
    negative: "",
    durationSeconds: 5,
    aspect: "16:9",
    resolution: "480p",
    fps: 16,
    steps: 6,
    cfg: 1,
    splitStep: 3,
    seed: 1,
  },
  png: Buffer.from("png"),
  width: 832,
  height: 480,
};

let imageDir: string | undefined;
afterEach(() => {
  if (imageDir) rmSync(imageDir, { recursive: true, force: true });
  imageDir = undefined;
});

/** Only what startJob touches: the image folder, the clock, the queue, the quota and the log. */
function context(access: AccessControl, admit: (job: JobRecord) => Promise<void>, who: Caller) {
  imageDir = mkdtempSync(join(tmpdir(), "oelala-access-"));
  // The queue's caps are checked when a job is admitted, before its message is shown.
  const now = () => Date.UTC(2025, 2, 9, 12);
  const logger = pino({ level: "silent" });
  const dir = imageDir;
  const jobs = {
    list: () => [],
    count: () => 0,
    admit,
    submit: async () => undefined,
    abandon: async () => undefined,
    // The core's own creation, over whichever admit this object carries.
    create(this: Pick<Admission, "admit" | "submit" | "abandon">, job: NewJob, creation: JobCreation) {
      return createJob({ admission: this, imageDir: dir, now, logger }, job, creation);
    },
  };
  const parts = { now, jobs, access, config: loadConfig({}), logger };
  return { ...(parts as unknown as BotContext), caller: who };
}

const shown = async () => ({ id: "900000000000000001" });
const accept = async () => undefined;
const queueFull = async () => {
  throw new UserError("error.QUEUE_FULL_USER", { max: 3 });
};

describe("startJob and the daily quota", () => {
  it("GIVEN the queue refuses the job THEN the quota is not used up and no image is left behind", async () => {
    const access = createAccessControl(policy, memoryQuotaCounter(), Date.now);
    const ctx = context(access, queueFull, caller());
    await expect(startJob(ctx, input, shown)).rejects.toThrow(/3 videos waiting/);
    expect(await access.quota.used(alice)).toBe(0);
    expect(readdirSync(imageDir!)).toEqual([]);
    await startJob({ ...ctx, jobs: { ...ctx.jobs, admit: accept } as typeof ctx.jobs }, input, shown);
    expect(await access.quota.used(alice)).toBe(1);
  });

  it("GIVEN the quota is spent THEN the job is refused before its message is shown", async () => {
    const access = createAccessControl(policy, memoryQuotaCounter(), Date.now);
    const ctx = context(access, accept, caller());
    await startJob(ctx, input, shown);
    let showedAgain = false;
    const show = async () => {
      showedAgain = true;
      return { id: "900000000000000002" };
    };
    await expect(startJob(ctx, input, show)).rejects.toMatchObject({ code: "QUOTA_EXCEEDED" });
    expect(showedAgain).toBe(false);
  });

  it("GIVEN an admin role THEN jobs are not counted", async () => {
    const access = createAccessControl(policy, memoryQuotaCounter(), Date.now);
    const ctx = context(access, accept, caller([mod]));
    await startJob(ctx, input, shown);
    await startJob(ctx, input, shown);
    expect(await access.quota.used(alice)).toBe(0);
  });
});
