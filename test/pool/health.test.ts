import pino from "pino";
import { describe, expect, it } from "vitest";
import { createHealthMonitor } from "../../src/pool/health.js";
import type { ServerSnapshot } from "../../src/pool/server-probe.js";
import { manualClock, settle } from "./manual-clock.js";

const snapshot: ServerSnapshot = { version: "0.3.64", gpus: [], queueDepth: 2, othersQueued: 1 };

/** A server whose answers the test switches: "up", "down" (refuses at once) or "hang" (never answers). */
function fakeServer() {
  const state = { mode: "up" as "up" | "down" | "hang", probes: 0 };
  const probe = (signal: AbortSignal) => {
    state.probes += 1;
    if (state.mode === "up") return Promise.resolve(snapshot);
    if (state.mode === "down") return Promise.reject(new Error("connect ECONNREFUSED"));
    return new Promise<ServerSnapshot>((_, reject) =>
      signal.addEventListener("abort", () => reject(signal.reason)),
    );
  };
  return { state, probe };
}

function monitor(server: ReturnType<typeof fakeServer>, clock: ReturnType<typeof manualClock>) {
  return createHealthMonitor({
    name: "gpu1",
    probe: server.probe,
    scheduler: clock.scheduler,
    now: clock.now,
    intervalMs: 5_000,
    timeoutMs: 3_000,
    logger: pino({ level: "silent" }),
  });
}

describe("server health", () => {
  it("GIVEN a server that stops answering THEN it is down from the next check on, and up again once it answers", async () => {
    const clock = manualClock();
    const server = fakeServer();
    const health = monitor(server, clock);
    const changes: boolean[] = [];
    health.onChange((up) => changes.push(up));
    health.start();
    await settle();
    expect(health.up).toBe(true);
    expect(health.last).toEqual(snapshot);

    server.state.mode = "down";
    const downAt = clock.now() + 5_000;
    await clock.advance(5_000);
    expect(health.up).toBe(false);
    expect(health.downSince).toBe(downAt);

    await clock.advance(20_000);
    expect(health.up).toBe(false);
    server.state.mode = "up";
    await clock.advance(5_000);
    expect(health.up).toBe(true);
    expect(health.downSince).toBeUndefined();
    expect(changes).toEqual([false, true]);
    health.stop();
  });

  it("GIVEN a check that never answers THEN the server counts as down once the timeout passes", async () => {
    const clock = manualClock();
    const server = fakeServer();
    server.state.mode = "hang";
    const health = monitor(server, clock);
    const verdict = health.check();
    await clock.advance(2_999);
    expect(health.up).toBe(true);
    await clock.advance(1);
    expect(await verdict).toBe(false);
  });

  it("GIVEN checks asked for at once THEN the server is asked only once", async () => {
    const clock = manualClock();
    const server = fakeServer();
    const health = monitor(server, clock);
    const answers = await Promise.all([health.check(), health.check(), health.check()]);
    expect(answers).toEqual([true, true, true]);
    expect(server.state.probes).toBe(1);
  });

  it("GIVEN a down server THEN waitUp says true when it returns within the time, else false", async () => {
    const clock = manualClock();
    const server = fakeServer();
    const health = monitor(server, clock);
    server.state.mode = "down";
    health.start();
    await settle();
    expect(health.up).toBe(false);

    const gaveUp = health.waitUp(8_000);
    await clock.advance(8_000);
    expect(await gaveUp).toBe(false);

    const back = health.waitUp(60_000);
    server.state.mode = "up";
    await clock.advance(5_000);
    expect(await back).toBe(true);

    const aborted = new AbortController();
    server.state.mode = "down";
    await clock.advance(5_000);
    const waiting = health.waitUp(60_000, aborted.signal);
    aborted.abort(new Error("cancelled by the user"));
    await expect(waiting).rejects.toThrow("cancelled by the user");
    health.stop();
  });
});
