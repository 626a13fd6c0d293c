import { describe, expect, it } from "vitest";
import type { JobRecord } from "../../src/jobs/job.js";
import { createJobService } from "../../src/jobs/service.js";
import { IllegalMove, JobMovedOn, createStateMachine } from "../../src/jobs/state-machine.js";
import { makeJob, silent } from "../pool/fixtures.js";
import { tempSqliteStore } from "../support/sqlite-store.js";
import { laneThatRunsUntilStopped, silentPresenter } from "./support.js";

function machineOnStore() {
  const store = tempSqliteStore();
  const seen: string[] = [];
  const machine = createStateMachine({
    store: store.jobs,
    logger: silent,
    now: () => 5,
    onStateChange: (_job, from, to) => void seen.push(`${from ?? "new"}→${to}`),
  });
  return { store, machine, seen };
}

describe("the job state machine", () => {
  it("GIVEN a queued job WHEN it is moved straight to done THEN the move is refused and nothing is stored or told", async () => {
    const { store, machine, seen } = machineOnStore();
    const job = makeJob("j1");
    await machine.create(job);
    await expect(machine.move(job, "done")).rejects.toThrow(IllegalMove);
    expect(job.state).toBe("queued");
    expect((await store.jobs.get("j1"))?.state).toBe("queued");
    expect(seen).toEqual(["new→queued"]);
  });

  it("GIVEN a finished job THEN no move takes it anywhere again", async () => {
    const { machine } = machineOnStore();
    const job = makeJob("j1");
    await machine.create(job);
    await machine.move(job, "cancelled");
    for (const to of ["queued", "preparing", "done", "cancelled"] as const) {
      await expect(machine.move(job, to)).rejects.toThrow(IllegalMove);
    }
  });

  it("GIVEN another process moved the stored job first THEN this process's move fails as moved on and its copy stays", async () => {
    const { store, machine } = machineOnStore();
    const job = makeJob("j1");
    await machine.create(job);
    const other = { ...job };
    await store.jobs.transition("queued", { ...other, state: "preparing" });
    await expect(machine.move(job, "cancelled")).rejects.toThrow(JobMovedOn);
    expect(job.state).toBe("queued");
    expect((await store.jobs.get("j1"))?.state).toBe("preparing");
  });
});

describe("recovery", () => {
  it("GIVEN a job an earlier process left while preparing THEN it is stored as queued again before it runs once more", async () => {
    const store = tempSqliteStore();
    const left: JobRecord = { ...makeJob("j1"), state: "preparing", attempts: 1 };
    await store.jobs.create({ ...left, state: "queued" });
    await store.jobs.transition("queued", left);
    const states: string[] = [];
    const runs: JobRecord[] = [];
    const jobs = createJobService({
      store: store.jobs,
      presenter: silentPresenter,
      lanes: [laneThatRunsUntilStopped((job) => runs.push({ ...job }))],
      logger: silent,
      limits: { maxWaitingPerUser: 5, maxWaiting: 5, maxAttempts: 3 },
      onStateChange: (_job, from, to) => void states.push(`${from ?? "found"}→${to}`),
    });
    expect(await jobs.recover()).toEqual({ resumed: 0, requeued: 1, redelivered: 0 });
    await expect.poll(() => runs.length).toBe(1);
    expect(states).toEqual(["found→preparing", "preparing→queued", "queued→preparing"]);
    expect(runs[0]!.attempts).toBe(2);
    expect((await store.jobs.get("j1"))?.state).toBe("preparing");
    await jobs.stop();
  });

  it("GIVEN one job running and three waiting THEN count says what list shows, without ordering them", async () => {
    const store = tempSqliteStore();
    const jobs = createJobService({
      store: store.jobs,
      presenter: silentPresenter,
      lanes: [laneThatRunsUntilStopped()],
      logger: silent,
      limits: { maxWaitingPerUser: 5, maxWaiting: 5, maxAttempts: 3 },
    });
    expect(jobs.count()).toBe(0);
    for (const id of ["a", "b", "c", "d"]) await jobs.submit(makeJob(id));
    await expect.poll(() => jobs.list().filter((l) => l.position === undefined).length).toBe(1);
    expect(jobs.list()).toHaveLength(4);
    expect(jobs.count()).toBe(4);
    await jobs.stop();
  });
});
