import { describe, expect, it } from "vitest";
import type { QueueSnapshot } from "../../src/comfy/schemas.js";
import { watchQueuePosition } from "../../src/pool/queue-position.js";
import { manualClock } from "./manual-clock.js";

const item = (promptId: string, number: number) => ({
  number,
  promptId,
  clientId: undefined,
  outputNodes: [],
});
const snapshot = (running: string[], pending: string[]): QueueSnapshot => ({
  running: running.map((id, i) => item(id, i)),
  pending: pending.map((id, i) => item(id, 10 + i)),
});

describe("our prompt's place in ComfyUI's queue", () => {
  it("GIVEN the queue moves on THEN each new count ahead is told once, read on the watch's clock, until ours runs", async () => {
    const clock = manualClock();
    const reads = [
      snapshot([], ["x", "y", "ours"]),
      snapshot(["x"], ["y", "ours"]),
      snapshot(["y"], ["ours"]),
      snapshot(["ours"], []),
    ];
    let read = 0;
    const told: number[] = [];
    watchQueuePosition({
      comfy: { queue: async () => reads[Math.min(read++, reads.length - 1)]! },
      promptId: "ours",
      intervalMs: 2_000,
      onAhead: (ahead) => void told.push(ahead),
      clock: clock.scheduler,
    });
    await clock.advance(0);
    expect(told).toEqual([2]);
    await clock.advance(1_999);
    expect(read).toBe(1);
    await clock.advance(10_000);
    expect(told).toEqual([2, 1]);
    expect(read).toBe(4);
  });
});
