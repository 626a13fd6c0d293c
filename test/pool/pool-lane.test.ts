import { describe, expect, it, vi } from "vitest";
import { ComfyError, isComfyError } from "../../src/comfy/errors.js";
import type { QueueSnapshot } from "../../src/comfy/schemas.js";
import type { ExecHooks } from "../../src/jobs/lane.js";
import { createHealthMonitor } from "../../src/pool/health.js";
import { createJobTimes } from "../../src/pool/job-times.js";
import { createPoolLane } from "../../src/pool/pool-lane.js";
import { fakeExecutor, makeJob, silent, switchableServer } from "./fixtures.js";
import { manualClock, settle } from "./manual-clock.js";

const GRACE = 60_000;
const INTERVAL = 5_000;

function setup(options: { leaseHeld?: () => boolean } = {}) {
  const clock = manualClock();
  const server = switchableServer();
  const health = createHealthMonitor({
    name: "gpu2",
    probe: server.probe,
    scheduler: clock.scheduler,
    now: clock.now,
    intervalMs: INTERVAL,
    timeoutMs: 3_000,
    logger: silent,
  });
  const remote: QueueSnapshot = { running: [], pending: [] };
  const comfy = {
    clientId: "bot",
    queue: vi.fn(async () => remote),
    deleteFromQueue: vi.fn(async () => undefined),
    interrupt: vi.fn(async () => undefined),
  };
  const { runs, executor } = fakeExecutor();
  const times = createJobTimes({ logger: silent });
  const lane = createPoolLane({
    name: "gpu2",
    address: "127.0.0.1:8188",
    comfy,
    executor,
    pipelining: true,
    health,
    downGraceMs: GRACE,
    scheduler: clock.scheduler,
    now: clock.now,
    times,
    logger: silent,
    ...options,
  });
  health.start();
  return { clock, server, health, comfy, remote, runs, lane, times };
}

function hooksFor(abort = new AbortController()) {
  const submitted: string[] = [];
  const hooks: ExecHooks = {
    signal: abort.signal,
    submitted: async (promptId) => void submitted.push(promptId),
    progress: () => undefined,
  };
  return { hooks, abort, submitted };
}

/** Marks a rejection the test checks later as handled, so an early one is not reported as unhandled. */
function later<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** The outcome of a promise that should have settled by now. */
async function outcome<T>(promise: Promise<T>) {
  let result: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
  promise.then(
    (value) => (result = { ok: true, value }),
    (error: unknown) => (result = { ok: false, error }),
  );
  await settle();
  return result;
}

describe("a lane on a server that may go away", () => {
  it("GIVEN the server dies mid-job and stays down past the grace period THEN the job fails as LOST, the run is stopped, and the prompt is removed once the server is back", async () => {
    const t = setup();
    const { hooks, submitted } = hooksFor();
    const pending = t.lane.execute(makeJob("j1"), hooks);
    await settle();
    await t.runs[0]!.hooks.submitted("p-1", "gpu2");
    expect(submitted).toEqual(["p-1"]);

    t.server.state.up = false;
    await t.clock.advance(INTERVAL);
    expect(t.lane.healthy()).toBe(false);
    await t.clock.advance(GRACE - 1);
    expect(await outcome(pending)).toBeUndefined();
    await t.clock.advance(1);
    const settled = await outcome(pending);
    expect(settled?.ok).toBe(false);
    expect(isComfyError(settled && !settled.ok ? settled.error : undefined, "LOST")).toBe(true);
    expect(t.runs[0]!.hooks.signal.aborted).toBe(true);
    expect(hooks.signal.aborted).toBe(false);

    t.remote.pending = [{ number: 3, promptId: "p-1", clientId: "bot", outputNodes: [] }];
    t.server.state.up = true;
    await t.clock.advance(INTERVAL);
    expect(t.lane.healthy()).toBe(true);
    expect(t.comfy.deleteFromQueue).toHaveBeenCalledWith(["p-1"]);
  });

  it("GIVEN the server is down for less than the grace period THEN the job carries on and its video arrives", async () => {
    const t = setup();
    const { hooks } = hooksFor();
    const pending = t.lane.execute(makeJob("j1"), hooks);
    await settle();
    t.server.state.up = false;
    await t.clock.advance(INTERVAL);
    await t.clock.advance(GRACE / 2);
    t.server.state.up = true;
    await t.clock.advance(INTERVAL);
    await t.clock.advance(GRACE);
    t.runs[0]!.finish();
    expect(await pending).toMatchObject({ videoPath: "/tmp/j1.mp4" });
  });

  it("GIVEN the user cancels while the server is down THEN the job ends with the cancel, not as LOST", async () => {
    const t = setup();
    const { hooks, abort } = hooksFor();
    const pending = later(t.lane.execute(makeJob("j1"), hooks));
    await settle();
    t.server.state.up = false;
    await t.clock.advance(INTERVAL);
    abort.abort(new Error("cancelled"));
    await expect(pending).rejects.toThrow("cancelled");
  });

  it("GIVEN a request fails because the server is gone THEN it is LOST (run elsewhere); when the server is up the error stays", async () => {
    const t = setup();
    const first = later(t.lane.execute(makeJob("j1"), hooksFor().hooks));
    await settle();
    t.server.state.up = false;
    t.runs[0]!.fail(new ComfyError("UNREACHABLE"));
    await expect(first).rejects.toSatisfy((e) => isComfyError(e, "LOST"));

    t.server.state.up = true;
    await t.clock.advance(INTERVAL);
    const second = later(t.lane.execute(makeJob("j2"), hooksFor().hooks));
    await settle();
    t.runs[1]!.fail(new ComfyError("UNREACHABLE"));
    await expect(second).rejects.toSatisfy((e) => isComfyError(e, "UNREACHABLE"));

    const third = later(t.lane.execute(makeJob("j3"), hooksFor().hooks));
    await settle();
    t.server.state.up = false;
    t.runs[2]!.fail(new ComfyError("OUT_OF_MEMORY"));
    await expect(third).rejects.toSatisfy((e) => isComfyError(e, "OUT_OF_MEMORY"));
  });

  it("GIVEN the server is down when a job starts THEN it waits for it, and gives up after the grace period", async () => {
    const t = setup();
    t.server.state.up = false;
    await t.clock.advance(INTERVAL);

    const waits = t.lane.execute(makeJob("j1"), hooksFor().hooks);
    await t.clock.advance(INTERVAL);
    t.server.state.up = true;
    await t.clock.advance(INTERVAL);
    expect(t.runs).toHaveLength(1);
    t.runs[0]!.finish();
    await expect(waits).resolves.toMatchObject({ videoPath: "/tmp/j1.mp4" });

    t.server.state.up = false;
    await t.clock.advance(INTERVAL);
    const fresh = later(t.lane.execute(makeJob("j2"), hooksFor().hooks));
    const resumed = later(t.lane.resume({ ...makeJob("j3"), promptId: "p-3" }, hooksFor().hooks));
    await t.clock.advance(GRACE);
    await expect(fresh).rejects.toSatisfy((e) => isComfyError(e, "UNREACHABLE"));
    await expect(resumed).rejects.toSatisfy((e) => isComfyError(e, "LOST"));
    expect(t.runs).toHaveLength(1);
  });

  it("GIVEN jobs finish THEN the time from their start on the GPU is averaged, and status shows the server", async () => {
    const t = setup();
    t.server.state.snapshot = {
      version: "0.3.64",
      gpus: [{ name: "cuda:0 RTX 3090", vramUsedBytes: 1, vramTotalBytes: 2 }],
      queueDepth: 3,
      othersQueued: 2,
    };
    await t.clock.advance(INTERVAL);
    const pending = t.lane.execute(makeJob("j1"), hooksFor().hooks);
    await settle();
    expect(t.lane.status()).toMatchObject({ name: "gpu2", up: true, queueDepth: 3, ourJobs: 1 });
    expect(t.lane.load()).toBe(2);
    await t.clock.advance(10_000);
    t.runs[0]!.hooks.progress({ percent: 1, phase: "loading", label: "Loading", etaMs: 30_000 });
    await t.clock.advance(40_000);
    t.runs[0]!.finish();
    await pending;
    expect(t.times.averageMs()).toBe(40_000);
    expect(t.lane.status().ourJobs).toBe(0);

    t.server.state.up = false;
    await t.clock.advance(INTERVAL);
    expect(t.lane.status()).toMatchObject({ up: false, gpus: [], queueDepth: undefined, version: "0.3.64" });
  });
});

describe("one of ours waiting per server, also after a restart", () => {
  it("GIVEN a resumed job whose prompt still waits in ComfyUI's queue THEN a new job is not handed over until the resumed one has started", async () => {
    const { lane, runs } = setup();
    const resumed = { ...makeJob("resumed"), state: "submitted" as const, promptId: "p-resumed" };
    void later(lane.resume(resumed, hooksFor().hooks));
    await settle();
    void later(lane.execute(makeJob("fresh"), hooksFor().hooks));
    await settle();
    const fresh = runs.find((r) => r.job.id === "fresh")!;
    const handedOver = fresh.hooks.beforeSubmit!(fresh.hooks.signal);
    expect(await outcome(handedOver)).toBeUndefined();
    runs.find((r) => r.job.id === "resumed")!.hooks.started!();
    expect((await outcome(handedOver))?.ok).toBe(true);
  });
});

describe("a lane of a bot that lost the job store's lease", () => {
  it("GIVEN another bot took the lease and follows our prompt now WHEN this bot cancels the job or the server comes back THEN nothing is interrupted or deleted on ComfyUI", async () => {
    let held = true;
    const t = setup({ leaseHeld: () => held });
    const { hooks } = hooksFor();
    const pending = later(t.lane.execute(makeJob("j1"), hooks));
    await settle();
    await t.runs[0]!.hooks.submitted("p-1", "gpu2");
    // The server is gone long enough that the lane gives the prompt up (to take it off when back).
    t.server.state.up = false;
    await t.clock.advance(INTERVAL + GRACE);
    expect((await outcome(pending))?.ok).toBe(false);

    held = false;
    t.remote.pending = [{ number: 3, promptId: "p-1", clientId: "bot", outputNodes: [] }];
    t.server.state.up = true;
    await t.clock.advance(INTERVAL);
    expect(t.lane.healthy()).toBe(true);
    await expect(t.lane.cancel({ ...makeJob("j1"), promptId: "p-1" })).rejects.toThrow(/lease/);
    await settle();
    expect(t.comfy.deleteFromQueue).not.toHaveBeenCalled();
    expect(t.comfy.interrupt).not.toHaveBeenCalled();
  });
});
