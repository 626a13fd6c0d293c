import { describe, expect, it } from "vitest";
import { ComfyError } from "../../src/comfy/errors.js";
import type { JobRecord } from "../../src/jobs/job.js";
import { createJobService } from "../../src/jobs/service.js";
import { makeJob, silent } from "../pool/fixtures.js";
import { manualClock, settle } from "../pool/manual-clock.js";
import { tempSqliteStore } from "../support/sqlite-store.js";
import { laneThatRunsUntilStopped, silentPresenter } from "./support.js";

/** A service on one server whose first run times out and whose later runs last until stopped. */
function serviceWithOneTimeout() {
  const clock = manualClock();
  const runs: JobRecord[] = [];
  const store = tempSqliteStore();
  const jobs = createJobService({
    store: store.jobs,
    presenter: silentPresenter,
    lanes: [
      laneThatRunsUntilStopped((job) => {
        runs.push({ ...job });
        if (runs.length === 1) throw new ComfyError("TIMEOUT");
      }),
    ],
    logger: silent,
    limits: { maxWaitingPerUser: 5, maxWaiting: 5, maxAttempts: 3 },
    clock: clock.scheduler,
  });
  return { clock, runs, store, jobs };
}

describe("a job that hit a transient failure", () => {
  it("GIVEN a first run that times out THEN the job runs again only once the failure policy's pause (1 s) has passed on the service's clock", async () => {
    const { clock, runs, store, jobs } = serviceWithOneTimeout();
    await jobs.submit(makeJob("j1"));
    await expect.poll(() => runs.length).toBe(1);
    await clock.advance(999);
    expect(runs).toHaveLength(1);
    expect((await store.jobs.get("j1"))?.state).toBe("queued");
    expect(jobs.count()).toBe(1);
    await clock.advance(1);
    await expect.poll(() => runs.length).toBe(2);
    expect(runs[1]!.attempts).toBe(2);
    await jobs.stop();
  });

  it("GIVEN the job pauses before its retry WHEN its owner cancels THEN it is removed and never runs again", async () => {
    const { clock, runs, store, jobs } = serviceWithOneTimeout();
    await jobs.submit(makeJob("j1"));
    await expect.poll(() => runs.length).toBe(1);
    await expect.poll(async () => (await store.jobs.get("j1"))?.state).toBe("queued");
    await settle();
    expect(await jobs.cancel("j1", { userId: "u1", admin: false })).toBe("removed");
    await clock.advance(60_000);
    expect(runs).toHaveLength(1);
    expect((await store.jobs.get("j1"))?.state).toBe("cancelled");
    await jobs.stop();
  });
});
