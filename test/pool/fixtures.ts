import pino from "pino";
import type { JobRecord, JobResult } from "../../src/jobs/job.js";
import type { ExecHooks } from "../../src/jobs/lane.js";
import type { ServerSnapshot } from "../../src/pool/server-probe.js";

export const silent = pino({ level: "silent" });

export function makeJob(id: string, userId = "u1"): JobRecord {
  return {
    id,
    state: "queued",
    createdAt: 0,
    updatedAt: 0,
    origin: { userId, channelId: "c1", attachmentSizeLimit: 10 * 1024 * 1024 },
    request: { prompt: id, durationSeconds: 1, aspect: "16:9", resolution: "480p" },
    imagePath: `/tmp/${id}.png`,
    params: {
      prompt: id,
      negative: "",
      durationSeconds: 1,
      aspect: "16:9",
      resolution: "480p",
      fps: 16,
      steps: 6,
      cfg: 1,
      splitStep: 3,
      seed: 1,
    },
    width: 832,
    height: 480,
    attempts: 0,
  };
}

export const resultFor = (job: JobRecord): JobResult => ({
  videoPath: `/tmp/${job.id}.mp4`,
  size: 1,
  seed: 1,
  width: job.width,
  height: job.height,
  frames: 17,
});

export interface PendingRun {
  job: JobRecord;
  hooks: ExecHooks;
  finish(): void;
  fail(error: unknown): void;
}

/** An executor whose runs finish when the test says so; an aborted run rejects with the abort reason. */
export function fakeExecutor() {
  const runs: PendingRun[] = [];
  const start = (job: JobRecord, hooks: ExecHooks) =>
    new Promise<JobResult>((resolve, reject) => {
      runs.push({ job, hooks, finish: () => resolve(resultFor(job)), fail: reject });
      hooks.signal.addEventListener("abort", () => reject(hooks.signal.reason), { once: true });
    });
  return { runs, executor: { execute: start, resume: start } };
}

/** A server's health answers the test switches between. */
export function switchableServer(
  snapshot: ServerSnapshot = { version: "0.3.64", gpus: [], queueDepth: 0, othersQueued: 0 },
) {
  const state = { up: true, snapshot };
  return {
    state,
    probe: () =>
      state.up ? Promise.resolve(state.snapshot) : Promise.reject(new Error("connect ECONNREFUSED")),
  };
}
