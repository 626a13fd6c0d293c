import { describe, expect, it } from "vitest";
import type { PromptEvent } from "../../src/comfy/events.js";
import { defaultPhaseCosts, learnPhaseCosts } from "../../src/jobs/phase-costs.js";
import { createProgress } from "../../src/jobs/progress.js";

const promptId = "p";
const allNodes = [
  "1",
  "2",
  "3",
  "4",
  "5",
  "6",
  "7",
  "8",
  "9",
  "10",
  "11",
  "12",
  "13",
  "14",
  "15",
  "16",
  "19",
];
const workload = { steps: 6, splitStep: 3, frames: 81, width: 832, height: 480 };

/** The order a real ComfyUI runs the DisTorch2 graph in: the low-noise expert loads after the first pass. */
function run(): PromptEvent[] {
  const events: PromptEvent[] = [
    { type: "started", promptId },
    { type: "cached", promptId, nodes: [] },
  ];
  const exec = (node: string) => events.push({ type: "executing", promptId, node });
  const steps = (node: string, max: number) => {
    for (let value = 1; value <= max; value++) events.push({ type: "progress", promptId, node, value, max });
  };
  for (const node of ["4", "10", "9", "3", "11", "19", "12", "1", "5", "7"]) exec(node);
  exec("13");
  steps("13", 3);
  for (const node of ["2", "6", "8"]) exec(node);
  exec("14");
  steps("14", 3);
  exec("15");
  exec("16");
  steps("16", 81);
  events.push({ type: "executed", promptId, node: "16", files: [] });
  return events;
}

describe("progress model", () => {
  it("GIVEN a full two-pass run THEN the percentage never goes back, passes 0 at the second pass and ends at 100", () => {
    let t = 0;
    const progress = createProgress({ nodes: allNodes, workload, now: () => t });
    const seen: number[] = [];
    const phasesSeen: string[] = [];
    for (const event of run()) {
      t += 1_000;
      progress.onEvent(event);
      const snap = progress.snapshot();
      seen.push(snap.percent);
      if (phasesSeen.at(-1) !== snap.phase) phasesSeen.push(snap.phase);
    }
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]!);
    expect(seen.at(-1)).toBeLessThan(100);
    expect(progress.complete().percent).toBe(100);
    expect(phasesSeen).toEqual(expect.arrayContaining(["high_noise", "low_noise", "combining"]));
    // The second pass continues where the first stopped instead of starting over.
    const before14 = seen[run().findIndex((e) => e.type === "executing" && e.node === "14") - 1]!;
    expect(before14).toBeGreaterThan(20);
  });

  it("GIVEN the high-noise pass half done THEN the bar sits between the loading share and the end of that pass", () => {
    const t = 0;
    const progress = createProgress({ nodes: allNodes, workload, now: () => t });
    const events = run();
    const idx = events.findIndex((e) => e.type === "progress" && e.node === "13" && e.value === 2);
    for (const e of events.slice(0, idx + 1)) progress.onEvent(e);
    const mid = progress.snapshot();
    expect(mid.phase).toBe("high_noise");
    expect(mid.label).toMatch(/high-noise/);
    expect(mid.percent).toBeGreaterThan(10);
    expect(mid.percent).toBeLessThan(60);
  });

  it("GIVEN time passes inside a step-less phase THEN it advances but stops short of finishing it", () => {
    let t = 0;
    const progress = createProgress({ nodes: allNodes, workload, now: () => t });
    progress.onEvent({ type: "started", promptId });
    progress.onEvent({ type: "executing", promptId, node: "1" });
    const first = progress.snapshot().percent;
    t += 10 * 60_000;
    const later = progress.snapshot();
    expect(later.percent).toBeGreaterThan(first);
    expect(later.percent).toBeLessThan(40);
    expect(later.phase).toBe("loading_high");
  });

  it("GIVEN a run served entirely from cache THEN it reaches 100 at completion", () => {
    const progress = createProgress({ nodes: allNodes, workload });
    progress.onEvent({ type: "cached", promptId, nodes: allNodes });
    expect(progress.snapshot().percent).toBe(99);
    expect(progress.complete().percent).toBe(100);
  });

  it("GIVEN a job that ran slower than estimated THEN the ETA scales with the observed speed", () => {
    let t = 0;
    const progress = createProgress({ nodes: allNodes, workload, now: () => t });
    const events = run();
    const idx = events.findIndex((e) => e.type === "executing" && e.node === "14");
    for (const e of events.slice(0, idx)) {
      t += 100_000;
      progress.onEvent(e);
    }
    const slow = progress.snapshot();
    expect(slow.etaMs).toBeGreaterThan(0);
    let u = 0;
    const fast = createProgress({ nodes: allNodes, workload, now: () => u });
    for (const e of events.slice(0, idx)) {
      u += 1_000;
      fast.onEvent(e);
    }
    expect(slow.etaMs!).toBeGreaterThan(fast.snapshot().etaMs! * 5);
  });

  it("GIVEN measured phase times THEN the learned costs move toward them", () => {
    const learned = learnPhaseCosts(defaultPhaseCosts, { loading: { ms: 10_000, units: 1 } }, 0.5);
    expect(learned.loading).toBe((defaultPhaseCosts.loading + 10_000) / 2);
    expect(learned.high_noise).toBe(defaultPhaseCosts.high_noise);
  });

  it("GIVEN ComfyUI's lazy cold-run order 3 11 19 4 10 9 12 1 5 7 13 2 6 8 14 15 16 THEN the phase label never goes back and each expert's load says which", () => {
    let t = 0;
    const nodes = [
      "1",
      "2",
      "3",
      "4",
      "5",
      "6",
      "7",
      "8",
      "9",
      "10",
      "11",
      "12",
      "13",
      "14",
      "15",
      "16",
      "19",
    ];
    const progress = createProgress({ nodes, workload, now: () => t });
    const labels: string[] = [];
    const show = () => {
      const label = progress.snapshot().label;
      if (labels.at(-1) !== label) labels.push(label);
    };
    progress.onEvent({ type: "started", promptId });
    for (const node of "3 11 19 4 10 9 12 1 5 7 13 2 6 8 14 15 16".split(" ")) {
      t += 500;
      progress.onEvent({ type: "executing", promptId, node });
      show();
      if (node === "13" || node === "14")
        for (let value = 1; value <= 3; value++) {
          progress.onEvent({ type: "progress", promptId, node, value, max: 3 });
          show();
        }
    }
    expect(labels).toEqual([
      "Loading models",
      "Encoding the prompt",
      "Preparing the image",
      "Loading the high-noise model",
      "Sampling (high-noise pass)",
      "Loading the low-noise model",
      "Sampling (low-noise pass)",
      "Decoding frames",
      "Writing the video",
    ]);
  });

  it("GIVEN a warm run whose loaders came from ComfyUI's cache THEN the bar starts near 0 and the first ETA is the learned time", () => {
    const t = 0;
    const costs = { ...defaultPhaseCosts, loading: 60_000 };
    const progress = createProgress({ nodes: allNodes, workload, costs, learned: true, now: () => t });
    progress.onEvent({ type: "started", promptId });
    progress.onEvent({ type: "cached", promptId, nodes: ["1", "2", "3", "4", "5", "6", "7", "8"] });
    const first = progress.snapshot();
    expect(first.percent).toBeLessThan(5);
    const full = createProgress({ nodes: allNodes, workload, costs, now: () => 0 });
    full.onEvent({ type: "started", promptId });
    // The cached loads are no longer waited for: the estimate drops by about their share.
    expect(first.etaMs!).toBeLessThan(full.snapshot().etaMs! - 50_000);
  });
});
