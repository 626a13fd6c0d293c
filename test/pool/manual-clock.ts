import type { Clock } from "../../src/clock.js";

/** Lets promise callbacks run (several rounds, so chains of awaits settle). */
export const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A clock and scheduler that only move when the test says so. */
export function manualClock(start = 1_000_000) {
  let now = start;
  let seq = 0;
  const timers = new Map<number, { at: number; run: () => void }>();
  const scheduler: Clock = {
    setTimeout(run, ms) {
      seq += 1;
      timers.set(seq, { at: now + ms, run });
      return seq;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
  };
  return {
    scheduler,
    now: () => now,
    /** Moves time forward, firing due timers in order and letting promises settle after each. */
    async advance(ms: number) {
      const end = now + ms;
      await settle();
      for (;;) {
        const due = [...timers].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].run();
        await settle();
      }
      now = end;
      await settle();
    },
  };
}
