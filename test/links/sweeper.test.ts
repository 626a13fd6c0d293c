import { existsSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Clock } from "../../src/clock.js";
import { createLinkRegistry } from "../../src/links/registry.js";
import { LinkServerError, startLinkServer } from "../../src/links/server.js";
import { capturingLogger, copyInto, manualClock, rawRequest, scratch, tinyMp4 } from "./support.js";

const hour = 3_600_000;
const scratches: Array<ReturnType<typeof scratch>> = [];
afterEach(() => {
  for (const s of scratches.splice(0)) s.remove();
});

/** Timers that only fire when the test says so. */
function manualScheduler() {
  const pending = new Map<number, { callback: () => void; ms: number }>();
  let next = 0;
  const scheduler: Clock = {
    setTimeout(callback, ms) {
      next += 1;
      pending.set(next, { callback, ms });
      return next;
    },
    clearTimeout: (handle) => void pending.delete(handle as number),
  };
  return {
    scheduler,
    pending,
    fire() {
      const [first] = [...pending];
      if (!first) throw new Error("no timer is pending");
      pending.delete(first[0]);
      first[1].callback();
    },
  };
}

function setup() {
  const dirs = scratch();
  scratches.push(dirs);
  const clock = manualClock();
  const registry = createLinkRegistry({
    now: clock.now,
    ttlMs: hour,
    publicBaseUrl: "http://127.0.0.1:1",
    videoDir: dirs.videoDir,
  });
  return { dirs, clock, registry };
}

describe("retention while the server runs", () => {
  it("GIVEN a running server WHEN a link's time is up and the sweep timer fires THEN its file is deleted; close stops the timer", async () => {
    const { dirs, clock, registry } = setup();
    const timers = manualScheduler();
    const video = copyInto(dirs.videoDir, tinyMp4, "v.mp4");
    const link = await registry.issue(video, { title: "t", width: 64, height: 48, durationSeconds: 1 });
    const server = await startLinkServer({
      registry,
      host: "127.0.0.1",
      port: 0,
      logger: capturingLogger().logger,
      now: clock.now,
      sweepEveryMs: 60_000,
      scheduler: timers.scheduler,
    });

    await vi.waitFor(() => expect(timers.pending.size).toBe(1)); // the start-up sweep ran and re-armed
    expect([...timers.pending.values()][0]?.ms).toBe(60_000);
    expect(existsSync(video)).toBe(true);

    clock.advance(hour);
    timers.fire();
    await vi.waitFor(() => expect(existsSync(video)).toBe(false));
    expect((await rawRequest(server.url, `/v/${link.token}.mp4`)).status).toBe(404);

    await vi.waitFor(() => expect(timers.pending.size).toBe(1));
    await server.close();
    expect(timers.pending.size).toBe(0);
  });

  it("GIVEN the port is taken THEN starting fails with a LinkServerError naming the address", async () => {
    const { registry } = setup();
    const options = {
      registry,
      host: "127.0.0.1",
      port: 0,
      logger: capturingLogger().logger,
      sweepEveryMs: 0,
    };
    const first = await startLinkServer(options);
    const port = Number(new URL(first.url).port);
    try {
      const second = startLinkServer({ ...options, port });
      await expect(second).rejects.toBeInstanceOf(LinkServerError);
      await expect(second).rejects.toThrow(`127.0.0.1:${port}`);
    } finally {
      await first.close();
    }
  });
});
