/**
 * Progress against a ComfyUI emulator that takes realistic time: cold model loads, sampler steps, a
 * VAEDecode that reports nothing, and a server whose speed drifts between jobs.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { createCostBook } from "../../src/jobs/cost-book.js";
import type { ExecHooks } from "../../src/jobs/lane.js";
import type { ProgressSnapshot } from "../../src/jobs/progress.js";
import { type ServerPool, createServerPool } from "../../src/pool/pool.js";
import { ownerModels, testImage } from "../e2e/harness.js";
import { type ComfyEmulator, startComfyEmulator } from "../fakes/comfy/index.js";
import { makeJob, silent } from "../pool/fixtures.js";

let emulator: ComfyEmulator | undefined;
let pool: ServerPool | undefined;
let dir: string | undefined;
afterEach(async () => {
  await pool?.stop();
  await emulator?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  pool = emulator = dir = undefined;
});

/** About a fiftieth of a real warm run on a 2-GPU box, keeping the proportions. */
const realisticDelays = {
  UnetLoaderGGUFAdvancedDisTorch2MultiGPU: 700,
  VAELoaderDisTorch2MultiGPU: 120,
  CLIPLoaderDisTorch2MultiGPU: 300,
  CLIPTextEncode: 60,
  WanImageToVideo: 150,
  VAEDecode: 700,
};

async function world(options: { stepDelayMs: number; tickMs?: number }) {
  dir = mkdtempSync(join(tmpdir(), "oelala-eta-"));
  emulator = await startComfyEmulator({
    models: ownerModels,
    stepDelayMs: options.stepDelayMs,
    classDelayMs: realisticDelays,
    previews: false,
  });
  const config = loadConfig({ COMFYUI_URL: emulator.url, COMFYUI_HEALTH_INTERVAL_SECONDS: "60" });
  pool = createServerPool(config, {
    logger: silent,
    videoDir: join(dir, "videos"),
    executor: { costBook: createCostBook({ logger: silent }), tickMs: options.tickMs ?? 100 },
  });
  await pool.start();
  const image = join(dir, "in.png");
  writeFileSync(image, await testImage(832, 480));
  let n = 0;
  const lane = pool.lanes[0]!;
  /** Runs one job; every snapshot the user would be shown, with the time it was made. */
  return async function runJob() {
    const job = { ...makeJob(`job-${++n}`), imagePath: image };
    job.params = { ...job.params, steps: 8, splitStep: 4, seed: n };
    const seen: { at: number; snapshot: ProgressSnapshot }[] = [];
    const hooks: ExecHooks = {
      signal: new AbortController().signal,
      submitted: async () => undefined,
      progress: (snapshot) => seen.push({ at: Date.now(), snapshot }),
    };
    await lane.execute(job, hooks);
    return { seen, endedAt: Date.now() };
  };
}

describe("progress on a realistic timeline", () => {
  it("GIVEN three jobs on a server whose speed drifts THEN the ETA shown at 10% of the fourth is within ±30% of the real remaining time", async () => {
    const runJob = await world({ stepDelayMs: 40 });
    const speeds = [1, 1.3, 0.8, 1.1];
    let last: Awaited<ReturnType<typeof runJob>> | undefined;
    for (const speed of speeds) {
      emulator!.setSpeed(speed);
      last = await runJob();
    }
    const { seen, endedAt } = last!;
    const atTen = seen.find((s) => s.snapshot.percent >= 10 && s.snapshot.etaMs !== undefined)!;
    expect(atTen).toBeDefined();
    const real = endedAt - atTen.at;
    expect(atTen.snapshot.etaMs!).toBeGreaterThan(real * 0.7);
    expect(atTen.snapshot.etaMs!).toBeLessThan(real * 1.3);
  }, 60_000);

  it("GIVEN VAEDecode, which sends no progress, takes a while THEN the bar moves while it runs", async () => {
    const runJob = await world({ stepDelayMs: 5 });
    await runJob();
    const { seen } = await runJob();
    const decoding = seen.filter((s) => s.snapshot.phase === "decoding").map((s) => s.snapshot.percent);
    expect(new Set(decoding).size).toBeGreaterThan(2);
  }, 30_000);
});
