import { describe, expect, it } from "vitest";
import { jobCost, refuseIfTooCostly, requestCost } from "../../src/access/cost.js";

const defaults = { steps: 6, maxSeconds: 10 };
const at720 = { aspect: "16:9" as const, resolution: "720p" as const, width: 1280, height: 720, fps: 16 };
const at480 = { aspect: "16:9" as const, resolution: "480p" as const, width: 880, height: 496, fps: 16 };

describe("the GPU cost of a request", () => {
  it("GIVEN frames, size and steps THEN the cost is their product per million, rounded up", () => {
    expect(jobCost({ frames: 81, width: 880, height: 496, steps: 6 })).toBe(213);
    expect(requestCost({ ...at480, durationSeconds: 5, steps: 6 })).toBe(213);
    expect(requestCost({ ...at720, durationSeconds: 10, steps: 6 })).toBe(891);
    expect(requestCost({ ...at720, durationSeconds: 10, steps: 100 })).toBe(14_838);
  });

  it("GIVEN 720p, 10 s and 100 steps over a limit of 1000 THEN the refusal names the cost, the limit and what fits", () => {
    const request = { ...at720, durationSeconds: 10, steps: 100 };
    expect(() => refuseIfTooCostly(request, 1000, defaults)).toThrow(
      "This video would cost 14838 GPU units, and one video may cost at most 1000. " +
        "With 100 steps, what fits is: at 720p, at most 0.5 s; at 576p, at most 0.5 s; at 480p, at most 1 s. " +
        "With the default 6 steps: at 720p, at most 10 s; at 576p, at most 10 s; at 480p, at most 10 s.",
    );
  });

  it("GIVEN 720p and 10 s with default steps over a limit of 500 THEN it says how long fits at 720p", () => {
    expect(() => refuseIfTooCostly({ ...at720, durationSeconds: 10, steps: 6 }, 500, defaults)).toThrow(
      /what fits is: at 720p, at most 5.5 s; at 576p, at most 8.5 s; at 480p, at most 10 s\./,
    );
  });

  it("GIVEN a request within the limit, or no limit THEN nothing is refused", () => {
    expect(() =>
      refuseIfTooCostly({ ...at720, durationSeconds: 10, steps: 6 }, 1000, defaults),
    ).not.toThrow();
    expect(() => refuseIfTooCostly({ ...at720, durationSeconds: 10, steps: 100 }, 0, defaults)).not.toThrow();
  });
});
