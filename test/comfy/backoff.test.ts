import { describe, expect, it } from "vitest";

import { createBackoff } from "../../src/comfy/backoff.js";

describe("backoff", () => {
  it("GIVEN the highest jitter THEN delays double from the initial delay up to the cap", () => {
    const backoff = createBackoff({ initialMs: 100, maxMs: 1_000, random: () => 0.999999 });
    const delays = Array.from({ length: 7 }, () => backoff.next());
    expect(delays).toEqual([100, 200, 400, 800, 1_000, 1_000, 1_000]);
  });

  it("GIVEN the lowest jitter THEN each delay is half its cap and never zero", () => {
    const backoff = createBackoff({ initialMs: 100, maxMs: 1_000, random: () => 0 });
    expect(Array.from({ length: 6 }, () => backoff.next())).toEqual([50, 100, 200, 400, 500, 500]);
  });

  it("GIVEN varying random draws THEN two clients at the same attempt wait different times", () => {
    const a = createBackoff({ initialMs: 1_000, random: () => 0.1 });
    const b = createBackoff({ initialMs: 1_000, random: () => 0.9 });
    expect(a.next()).not.toBe(b.next());
  });

  it("GIVEN a success after failures THEN reset starts again from the initial delay", () => {
    const backoff = createBackoff({ initialMs: 100, maxMs: 10_000, random: () => 0.999999 });
    backoff.next();
    backoff.next();
    backoff.next();
    expect(backoff.attempts).toBe(3);
    backoff.reset();
    expect(backoff.next()).toBe(100);
  });
});
