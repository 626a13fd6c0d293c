import sharp, { type Create } from "sharp";
import { prepareImage } from "../../src/media/intake.js";
import { type BenchResult, mebibytes, median, runWhenMain } from "./result.js";

const SOURCE = { width: 6000, height: 4000 };
const TARGET = { width: 832, height: 480 };
const RUNS = 5;

/**
 * A 24-megapixel photo-like JPEG (smooth shapes plus grain, about 8 MB at quality 90), built inside
 * libvips so the generator's own buffers do not inflate the RSS measured afterwards.
 */
async function photoLikeJpeg(): Promise<Buffer> {
  const seed = Buffer.alloc(300 * 200 * 3);
  for (let i = 0; i < seed.length; i++) seed[i] = (Math.imul(i, 2654435761) >>> 13) & 0xff;
  const grain: Create = {
    ...SOURCE,
    channels: 3,
    background: "#808080",
    noise: { type: "gaussian", mean: 128, sigma: 24 },
  };
  return sharp(seed, { raw: { width: 300, height: 200, channels: 3 } })
    .resize(SOURCE.width, SOURCE.height, { kernel: "cubic" })
    .composite([{ input: { create: grain }, blend: "soft-light" }])
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** prepareImage on a 6000×4000 JPEG to 832×480: median wall time and the RSS peak while it runs. */
export async function benchIntake(): Promise<BenchResult[]> {
  const jpeg = await photoLikeJpeg();
  await prepareImage(jpeg, TARGET); // warm-up: loads codecs and fills sharp's caches
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  // sharp works off the main thread, so the event loop is free to sample while it decodes.
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 2);
  const times: number[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      await prepareImage(jpeg, TARGET);
      times.push(performance.now() - started);
    }
  } finally {
    clearInterval(sampler);
  }
  return [
    {
      name: "intake: 24 MP JPEG to 832×480 PNG, median of 5",
      value: Math.round(median(times)),
      unit: "ms",
      target: { op: "<", value: 150 },
    },
    { name: "intake: 24 MP JPEG, slowest of 5", value: Math.round(Math.max(...times)), unit: "ms" },
    { name: "intake: peak RSS of the process during intake", value: mebibytes(peak), unit: "MiB" },
    { name: "intake: RSS growth over the warm baseline", value: mebibytes(peak - baseline), unit: "MiB" },
    { name: "intake: source JPEG size", value: mebibytes(jpeg.length), unit: "MiB" },
  ];
}

await runWhenMain(import.meta.url, benchIntake);
