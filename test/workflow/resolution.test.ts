import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import {
  ASPECTS,
  RESOLUTION_TIERS,
  WARPER_ASPECT_LABELS,
  aspectFromSize,
  pythonRound,
  targetSize,
  tierLongEdge,
  warperSize,
  type WarperAspectLabel,
} from "../../src/workflow/resolution.js";

/** Sizes computed by CPython with the Warper node's own formula (see the fixture's `generator`). */
const pythonSizes = z
  .object({
    longEdgeFrom: z.number().int(),
    longEdgeTo: z.number().int(),
    sizes: z.record(z.string(), z.array(z.string().regex(/^\d+x\d+$/))),
  })
  .parse(
    JSON.parse(readFileSync(new URL("../fixtures/workflow/warper-sizes.json", import.meta.url), "utf8")),
  );

const TIER_AREAS = { "480p": 832 * 480, "576p": 1024 * 576, "720p": 1280 * 720 } as const;

describe("pythonRound", () => {
  test("GIVEN exact halves THEN it rounds to the even neighbour like Python 3", () => {
    expect([0.5, 1.5, 2.5, 3.5, 40.5, 49.5, 52.5].map(pythonRound)).toEqual([0, 2, 2, 4, 40, 50, 52]);
  });

  test("GIVEN values off the half THEN it rounds to the nearest integer", () => {
    expect([0.49, 0.51, 467.999, 468.2, 7].map(pythonRound)).toEqual([0, 1, 468, 468, 7]);
  });
});

describe("warperSize", () => {
  test("GIVEN every Warper option and every long edge in the fixture THEN it matches CPython exactly", () => {
    const labels = Object.values(WARPER_ASPECT_LABELS);
    expect(Object.keys(pythonSizes.sizes).sort()).toEqual([...labels].sort());
    let compared = 0;
    for (const label of labels) {
      const expected = pythonSizes.sizes[label] ?? [];
      expect(expected).toHaveLength(pythonSizes.longEdgeTo - pythonSizes.longEdgeFrom + 1);
      expected.forEach((size, i) => {
        const longEdge = pythonSizes.longEdgeFrom + i;
        const { width, height } = warperSize(label, longEdge);
        expect(`${width}x${height}`, `${label} @ ${longEdge}`).toBe(size);
        compared += 1;
      });
    }
    expect(compared).toBeGreaterThan(10_000);
  });

  test("GIVEN 16:9 at long edge 72 THEN the tie 40.5 rounds to 40, not up to 42", () => {
    expect(warperSize("16:9 (Wide)", 72)).toEqual({ width: 72, height: 40 });
  });

  test("GIVEN a label the node does not offer THEN it refuses", () => {
    expect(() => warperSize("5:4 (Odd)" as WarperAspectLabel, 512)).toThrow(/5:4/);
  });
});

describe("targetSize", () => {
  const cases = ASPECTS.flatMap((aspect) => RESOLUTION_TIERS.map((tier) => [aspect, tier] as const));

  test.each(cases)(
    "GIVEN %s at %s THEN both edges are multiples of 16 and match the Warper",
    (aspect, tier) => {
      const size = targetSize(aspect, tier);
      expect(size.width % 16).toBe(0);
      expect(size.height % 16).toBe(0);
      expect(size).toEqual(warperSize(WARPER_ASPECT_LABELS[aspect], tierLongEdge(aspect, tier)));

      const [w = 0, h = 0] = aspect.split(":").map(Number);
      expect(Math.max(size.width, size.height)).toBe(tierLongEdge(aspect, tier));
      expect(Math.sign(size.width - size.height)).toBe(Math.sign(w - h));
      expect(Math.abs(size.width / size.height / (w / h) - 1)).toBeLessThan(0.03);
      const area = size.width * size.height;
      expect(area / TIER_AREAS[tier]).toBeGreaterThan(0.85);
      expect(area / TIER_AREAS[tier]).toBeLessThan(1.15);
    },
  );

  test("GIVEN the tiers in order THEN each aspect grows with the tier", () => {
    for (const aspect of ASPECTS) {
      const areas = RESOLUTION_TIERS.map((tier) => targetSize(aspect, tier)).map((s) => s.width * s.height);
      expect(areas, aspect).toEqual([...areas].sort((a, b) => a - b));
      expect(new Set(areas).size, aspect).toBe(areas.length);
    }
  });
});

describe("aspectFromSize", () => {
  test.each([
    [1920, 1080, "16:9"],
    [1080, 1920, "9:16"],
    [1000, 1000, "1:1"],
    [1024, 768, "4:3"],
    [768, 1024, "3:4"],
    [3000, 2000, "3:2"],
    [2000, 3000, "2:3"],
    [2560, 1080, "21:9"],
    [1080, 2560, "9:21"],
    [1010, 1000, "1:1"],
  ] as const)("GIVEN a %ix%i image THEN the closest aspect is %s", (width, height, aspect) => {
    expect(aspectFromSize(width, height)).toBe(aspect);
  });

  test("GIVEN an empty size THEN it refuses", () => {
    expect(() => aspectFromSize(0, 100)).toThrow(RangeError);
  });
});
