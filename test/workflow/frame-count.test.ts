import { describe, expect, test } from "vitest";
import { MIN_FRAMES, frameCount } from "../../src/workflow/frame-count.js";

describe("frameCount", () => {
  test("GIVEN 5 seconds at 16 fps THEN the clip has Wan's usual 81 frames", () => {
    expect(frameCount(5, 16)).toBe(81);
  });

  test("GIVEN many durations and frame rates THEN the count is the nearest 4n+1 to duration × fps", () => {
    for (let tenths = 1; tenths <= 200; tenths += 1) {
      for (const fps of [8, 12, 15, 16, 24, 25, 30, 60]) {
        const seconds = tenths / 10;
        const frames = frameCount(seconds, fps);
        expect((frames - 1) % 4, `${seconds}s @ ${fps}`).toBe(0);
        expect(frames).toBeGreaterThanOrEqual(MIN_FRAMES);
        if (seconds * fps >= MIN_FRAMES) expect(Math.abs(frames - seconds * fps)).toBeLessThanOrEqual(2);
      }
    }
  });

  test("GIVEN a product exactly between two counts THEN it picks the longer clip", () => {
    expect(frameCount(79 / 16, 16)).toBe(81);
  });

  test("GIVEN a very short clip THEN it still has at least 5 frames", () => {
    expect(frameCount(0.1, 8)).toBe(5);
  });

  test("GIVEN a non-positive duration THEN it refuses", () => {
    expect(() => frameCount(0, 16)).toThrow(RangeError);
  });
});
