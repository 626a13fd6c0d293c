import { describe, expect, it } from "vitest";
import type { JobRecord } from "../../src/jobs/job.js";
import type { ServerLane } from "../../src/jobs/lane.js";
import { LiveJobs } from "../../src/jobs/live-jobs.js";
import { createScheduler } from "../../src/jobs/scheduler.js";
import { makeJob } from "../pool/fixtures.js";
import { settle } from "../pool/manual-clock.js";
import { laneThatRunsUntilStopped, silentPresenter } from "./support.js";

/** A scheduler in front of one server with `room` free slots, counting every position it announces. */
function countingScheduler() {
  const live = new LiveJobs();
  const announced: string[] = [];
  /** While set, each announcement waits for it (a slow Discord edit). */
  let held: Promise<void> | undefined;
  let room = 0;
  const lane: ServerLane = {
    ...laneThatRunsUntilStopped(),
    get slots() {
      return room;
    },
  };
  const scheduler = createScheduler({
    lanes: [lane],
    live,
    presenter: {
      ...silentPresenter,
      queued: async (job, position) => {
        announced.push(`${job.id}:${position}`);
        await held;
      },
    },
    start: (job) => live.put(job, { at: "running", lane, abort: new AbortController() }),
    stopped: () => false,
  });
  return {
    live,
    scheduler,
    announced,
    setRoom: (slots: number) => (room = slots),
    /** Holds announcements until the returned function is called. */
    hold: () => {
      let release!: () => void;
      held = new Promise((resolve) => (release = resolve));
      return () => {
        held = undefined;
        release();
      };
    },
    /** Pumps and lets the announcement finish. */
    pump: async () => {
      scheduler.pump();
      await settle();
    },
  };
}

describe("queue positions", () => {
  it("GIVEN three waiting jobs WHEN the scheduler pumps again with nothing changed THEN no position is announced again", async () => {
    const { scheduler, announced, pump } = countingScheduler();
    for (const id of ["a", "b", "c"]) scheduler.enqueue(makeJob(id, `user-${id}`));
    await pump();
    expect(announced).toEqual(["a:1", "b:2", "c:3"]);
    await pump();
    await pump();
    expect(announced).toHaveLength(3);
  });

  it("GIVEN the first waiting job leaves the line THEN only the jobs whose place changed are told", async () => {
    const { scheduler, announced, pump, setRoom } = countingScheduler();
    for (const id of ["a", "b", "c"]) scheduler.enqueue(makeJob(id, `user-${id}`));
    await pump();
    scheduler.withdraw("a");
    await pump();
    expect(announced.slice(3)).toEqual(["b:1", "c:2"]);
    // b starts: c is still second (behind the running b), so nothing changes for it.
    setRoom(1);
    await pump();
    expect(announced).toHaveLength(5);
  });

  it("GIVEN a job that ran and is put back in line at the place it had THEN it is told its place again", async () => {
    const { scheduler, live, announced, pump, setRoom } = countingScheduler();
    const job: JobRecord = makeJob("a");
    scheduler.enqueue(job);
    await pump();
    setRoom(1);
    await pump();
    expect(live.get("a")?.where.at).toBe("running");
    setRoom(0);
    live.drop("a");
    scheduler.enqueue(job);
    await pump();
    expect(announced).toEqual(["a:1", "a:1"]);
  });

  it("GIVEN the line changes while an announcement is still being shown THEN the new places are told once it is done", async () => {
    const { scheduler, announced, pump, hold } = countingScheduler();
    const release = hold();
    for (const id of ["a", "b"]) scheduler.enqueue(makeJob(id, `user-${id}`));
    await pump();
    expect(announced).toEqual(["a:1", "b:2"]);
    scheduler.withdraw("a");
    await pump();
    release();
    await settle();
    expect(announced).toEqual(["a:1", "b:2", "b:1"]);
  });
});
