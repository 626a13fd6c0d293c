import pino from "pino";
import { describe, expect, it } from "vitest";
import type { ComfyFrame } from "../../src/comfy/frames.js";
import type { HistoryEntry } from "../../src/comfy/schemas.js";
import type { Clock } from "../../src/clock.js";
import { createPromptWatch } from "../../src/comfy/watch.js";

/** Timers that fire only when the test says so, to see every pause the watch asks for. */
function manualScheduler() {
  const pending = new Set<{ ms: number; fire: () => void }>();
  const scheduler: Clock = {
    setTimeout(callback, ms) {
      const timer = { ms, fire: callback };
      pending.add(timer);
      return timer;
    },
    clearTimeout(handle) {
      pending.delete(handle as { ms: number; fire: () => void });
    },
  };
  return { scheduler, pending };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

const successFrame = (promptId: string) =>
  ({ type: "execution_success", data: { prompt_id: promptId, timestamp: 1 } }) as ComfyFrame;

/** Runs a watch to execution_success with /history empty for `emptyReads` reads; returns the pauses taken. */
async function pausesUntilHistory(emptyReads: number, entry?: HistoryEntry) {
  const { scheduler, pending } = manualScheduler();
  let reads = 0;
  const watch = createPromptWatch(
    "p1",
    {
      http: {
        history: async () => (++reads > emptyReads ? entry : undefined),
        queue: async () => ({ running: [], pending: [] }),
      },
      scheduler,
      logger: pino({ level: "silent" }),
      historyRetry: { attempts: 8, delayMs: 250 },
      onSettled: () => undefined,
    },
    {},
  );
  const outcome = watch.promise.then(
    (result) => ({ result }),
    (error: unknown) => ({ error }),
  );
  watch.begin();
  watch.onFrame(successFrame("p1"));
  const pauses: number[] = [];
  for (let i = 0; i < 50; i++) {
    await settle();
    const [timer] = pending;
    if (!timer) break;
    pending.delete(timer);
    pauses.push(timer.ms);
    timer.fire();
  }
  return { pauses, reads, outcome: await outcome };
}

describe("reading /history after execution_success", () => {
  // ComfyUI sends execution_success a moment before it writes the history entry: the result (and so the
  // video's delivery) must not wait a full quarter second for a second look.
  it("GIVEN the entry is not written yet at execution_success THEN the next look comes after 20 ms, then twice as long each time", async () => {
    const { pauses, reads } = await pausesUntilHistory(3, {
      outputs: { "16": { gifs: [{ filename: "v.mp4", subfolder: "", type: "output" }] } },
      status: { status_str: "success", completed: true, messages: [] },
    } as unknown as HistoryEntry);
    expect(reads).toBe(4);
    expect(pauses).toEqual([20, 40, 80]);
  });

  it("GIVEN the entry never appears THEN it still waits as long in all as 8 reads 250 ms apart before going by the frames", async () => {
    const { pauses, outcome } = await pausesUntilHistory(Number.POSITIVE_INFINITY);
    expect(pauses.reduce((a, b) => a + b, 0)).toBe(7 * 250);
    expect(Math.max(...pauses)).toBe(250);
    // No file was seen in the frames either, so the outcome says the output is missing.
    expect(outcome).toHaveProperty("error");
  });
});
