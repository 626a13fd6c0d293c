import { describe, expect, it } from "vitest";
import { ComfyError } from "../../src/comfy/errors.js";
import type { JobRecord, JobResult } from "../../src/jobs/job.js";
import type { ExecHooks, ServerLane } from "../../src/jobs/lane.js";
import type { JobPresenter } from "../../src/jobs/presenter.js";
import { createJobService } from "../../src/jobs/service.js";
import { tempSqliteStore } from "../support/sqlite-store.js";
import { render } from "../../src/i18n/translate.js";
import { type PendingRun, makeJob, resultFor, silent } from "./fixtures.js";
import { settle } from "./manual-clock.js";

/** A server lane the test controls: health, other clients' prompts, and when each run ends. */
function fakeLane(name: string, options: { slots?: number; others?: number } = {}) {
  const runs: PendingRun[] = [];
  const state = { up: true, others: options.others ?? 0 };
  const run = (job: JobRecord, hooks: ExecHooks) =>
    new Promise<JobResult>((resolve, reject) => {
      runs.push({ job, hooks, finish: () => resolve(resultFor(job)), fail: reject });
    });
  const lane: ServerLane = {
    name,
    slots: options.slots ?? 2,
    // As the real executor does, a new run stores its prompt id before it runs.
    execute: async (job, hooks) => {
      await hooks.submitted(`prompt-${job.id}-${job.attempts}`, name);
      return run(job, hooks);
    },
    resume: run,
    cancel: async () => "interrupted",
    othersQueued: async () => state.others,
    healthy: () => state.up,
    load: () => state.others,
  };
  return { lane, runs, state };
}

function service(lanes: ServerLane[]) {
  const notices: string[] = [];
  const delivered: string[] = [];
  const presenter: JobPresenter = {
    queued: async () => undefined,
    progress: () => undefined,
    delivered: async (job) => void delivered.push(job.id),
    failed: async () => undefined,
    cancelled: async () => undefined,
    notice: async (job, message) => void notices.push(`${job.id}: ${render("en", message)}`),
  };
  const jobs = createJobService({
    store: tempSqliteStore().jobs,
    presenter,
    lanes,
    logger: silent,
    limits: { maxWaitingPerUser: 10, maxWaiting: 100, maxAttempts: 3 },
  });
  return { jobs, notices, delivered };
}

const names = (runs: PendingRun[]) => runs.map((r) => r.job.id);

describe("choosing a server for each job", () => {
  it("GIVEN four jobs and two idle servers THEN two run on each", async () => {
    const a = fakeLane("a");
    const b = fakeLane("b");
    const { jobs } = service([a.lane, b.lane]);
    for (const id of ["j1", "j2", "j3", "j4"]) await jobs.submit(makeJob(id));
    await settle();
    expect(names(a.runs)).toEqual(["j1", "j3"]);
    expect(names(b.runs)).toEqual(["j2", "j4"]);
  });

  it("GIVEN one server busy with other clients' prompts THEN the next job goes to the other", async () => {
    const a = fakeLane("a", { others: 3 });
    const b = fakeLane("b", { others: 1 });
    const { jobs } = service([a.lane, b.lane]);
    await jobs.submit(makeJob("j1"));
    await jobs.submit(makeJob("j2"));
    await settle();
    // b: 1 other + j1 = 2 < a's 3, so j2 goes there too.
    expect(names(b.runs)).toEqual(["j1", "j2"]);
    expect(a.runs).toEqual([]);
  });

  it("GIVEN a server that is down THEN no job is sent there; jobs wait for the healthy one to have room", async () => {
    const a = fakeLane("a", { slots: 1 });
    const b = fakeLane("b", { slots: 1 });
    a.state.up = false;
    const { jobs } = service([a.lane, b.lane]);
    await jobs.submit(makeJob("j1"));
    await jobs.submit(makeJob("j2"));
    await settle();
    expect(names(b.runs)).toEqual(["j1"]);
    expect(a.runs).toEqual([]);
    expect(jobs.list().find((j) => j.job.id === "j2")?.position).toBe(1);

    a.state.up = true;
    b.runs[0]!.finish();
    await settle();
    await settle();
    expect(names(a.runs)).toEqual(["j2"]);
  });

  it("GIVEN every server is down THEN a job is still handed to one, whose lane decides how long to wait", async () => {
    const a = fakeLane("a");
    const b = fakeLane("b");
    a.state.up = false;
    b.state.up = false;
    const { jobs } = service([a.lane, b.lane]);
    await jobs.submit(makeJob("j1"));
    await settle();
    expect(a.runs.length + b.runs.length).toBe(1);
  });

  it("GIVEN a server loses a job THEN it runs again on the other server, the user is told, and the video arrives", async () => {
    const a = fakeLane("a");
    const b = fakeLane("b");
    const { jobs, notices, delivered } = service([a.lane, b.lane]);
    await jobs.submit(makeJob("j1"));
    await settle();
    expect(names(a.runs)).toEqual(["j1"]);

    a.state.up = false;
    a.runs[0]!.fail(new ComfyError("LOST"));
    await settle();
    await settle();
    expect(names(b.runs)).toEqual(["j1"]);
    expect(notices).toEqual([expect.stringMatching(/^j1: .*queued again \(attempt 2 of 3\)/)]);
    b.runs[0]!.finish();
    await settle();
    await settle();
    expect(delivered).toEqual(["j1"]);
  });
});
