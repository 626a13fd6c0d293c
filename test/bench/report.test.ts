import { describe, expect, it } from "vitest";
import { formatMarkdown, formatTable, judge } from "./report.js";
import { type BenchResult, benchResultSchema, percentile } from "./result.js";

const figure = (value: number, target?: BenchResult["target"], note?: string): BenchResult => ({
  name: "ack p99",
  value,
  unit: "ms",
  ...(target ? { target } : {}),
  ...(note ? { note } : {}),
});

describe("judging a figure against its target", () => {
  it("GIVEN 20 ms against < 25 ms THEN it passes at 0.8× the target", () => {
    expect(judge(figure(20, { op: "<", value: 25 }))).toEqual({ status: "pass", ratio: 0.8 });
  });

  it("GIVEN 40 ms against < 25 ms THEN it is a miss by 15 ms, 1.6× the target", () => {
    expect(judge(figure(40, { op: "<", value: 25 }))).toEqual({ status: "MISS", ratio: 1.6, missedBy: 15 });
  });

  it("GIVEN exactly the limit THEN < misses and <= passes", () => {
    expect(judge(figure(25, { op: "<", value: 25 })).status).toBe("MISS");
    expect(judge(figure(25, { op: "<=", value: 25 })).status).toBe("pass");
  });

  it("GIVEN 3 against = 0 THEN it is a miss by 3 with no ratio (nothing to divide by)", () => {
    expect(judge(figure(3, { op: "=", value: 0 }))).toEqual({ status: "MISS", missedBy: 3 });
    expect(judge(figure(0, { op: "=", value: 0 }))).toEqual({ status: "pass" });
  });

  it("GIVEN no target THEN there is no verdict, and GIVEN no measurement THEN it says n/a", () => {
    expect(judge(figure(12)).status).toBe("—");
    expect(judge(figure(Number.NaN, { op: "<", value: 1 })).status).toBe("n/a");
  });
});

describe("the printed table", () => {
  const results = [
    figure(40, { op: "<", value: 25 }, "three bursts pooled"),
    { name: "RSS idle", value: 186.5, unit: "MiB" },
    { name: "429s", value: 0, unit: "responses", target: { op: "=" as const, value: 0 } },
  ];

  it("GIVEN figures with and without targets THEN each row shows value, unit, target, status and ratio", () => {
    const lines = formatTable(results).split("\n");
    expect(lines[0]).toMatch(/figure\s+value\s+unit\s+target\s+status\s+×target/);
    expect(lines.find((l) => l.startsWith("ack p99"))).toMatch(
      /ack p99 \[1\]\s+40\s+ms\s+< 25 ms\s+MISS\s+1\.60×/,
    );
    expect(lines.find((l) => l.startsWith("RSS idle"))).toMatch(/186\.5\s+MiB\s+—$/);
    expect(lines.find((l) => l.startsWith("429s"))).toMatch(/0\s+responses\s+= 0 responses\s+pass$/);
  });

  it("GIVEN a miss and a note THEN the summary counts the miss and the note is printed under its number", () => {
    const text = formatTable(results);
    expect(text).toContain("1 of 2 targets met, 1 missed.");
    expect(text).toContain("[1] three bursts pooled");
  });

  it("GIVEN the same figures as markdown THEN a miss is bold and every figure is a row", () => {
    const markdown = formatMarkdown(results).split("\n");
    expect(markdown).toHaveLength(2 + results.length);
    expect(markdown[2]).toBe("| ack p99 | 40 ms | < 25 ms | **miss** | 1.60× |  |");
  });
});

describe("figures between processes", () => {
  it("GIVEN a figure that could not be measured THEN it travels as JSON null and comes back as NaN", () => {
    const line = JSON.stringify({ name: "x", value: Number.NaN, unit: "ms" });
    expect(Number.isNaN(benchResultSchema.parse(JSON.parse(line)).value)).toBe(true);
  });

  it("GIVEN a malformed line THEN it is refused rather than printed as a figure", () => {
    expect(() => benchResultSchema.parse({ name: "x", value: "12", unit: "ms" })).toThrow();
    expect(() =>
      benchResultSchema.parse({ name: "x", value: 1, unit: "ms", target: { op: ">", value: 1 } }),
    ).toThrow();
  });

  it("GIVEN 1..100 THEN the nearest-rank p50 is 50 and p99 is 99; an empty list has none", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([], 99)).toBeNaN();
  });
});
