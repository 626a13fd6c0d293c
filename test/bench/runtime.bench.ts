/**
 * The built bot (`npm start`: node on dist/) beside the same code run from its sources through tsx:
 * start-up time to ready and idle RSS after ready, each the median of several starts taken in turns,
 * against the fakes with 10,000 LoRAs on the emulated server.
 */
import { rmSync } from "node:fs";
import { fromBuild, fromSources } from "../e2e/bot-process.js";
import { buildIfStale } from "../support/build.js";
import { residentBytes, sleep } from "./bench-world.js";
import { spawnBotChild, startProcessFakes, stopBotChild } from "./bot-child.js";
import { type BenchResult, mebibytes, median, runWhenMain } from "./result.js";

const STARTS = 5;
/** How long the bot sits after "bot ready" before its RSS is read (the LoRA catalog loads meanwhile). */
const SETTLE_MS = 3_000;

const runtimes = [
  { name: "built", args: fromBuild(), what: "node --enable-source-maps dist/src/main.js" },
  { name: "tsx", args: fromSources, what: "node --import tsx's loader src/main.ts" },
] as const;

export async function benchRuntime(): Promise<BenchResult[]> {
  await buildIfStale();
  const fakes = await startProcessFakes();
  const figures = new Map(runtimes.map((r) => [r.name, { startups: [] as number[], rss: [] as number[] }]));
  try {
    // One warm-up start each (tsx fills its compile cache; the OS caches the files), then starts in turns.
    for (let round = -1; round < STARTS; round++) {
      for (const runtime of runtimes) {
        const bot = await spawnBotChild(fakes, 60_000, runtime.args);
        await sleep(SETTLE_MS);
        const rss = residentBytes(bot.pid);
        await stopBotChild(bot);
        if (round < 0) continue;
        figures.get(runtime.name)!.startups.push(bot.startupMs);
        figures.get(runtime.name)!.rss.push(rss);
      }
    }
  } finally {
    await fakes.discord.close();
    await fakes.comfy.close();
    rmSync(fakes.dataDir, { recursive: true, force: true });
  }
  return runtimes.flatMap((runtime) => {
    const { startups, rss } = figures.get(runtime.name)!;
    const built = runtime.name === "built";
    return [
      {
        name: `start-up (${runtime.name}): spawn to ready, median of ${STARTS}`,
        value: Math.round(median(startups)),
        unit: "ms",
        ...(built ? { target: { op: "<" as const, value: 800 } } : {}),
        note: `${runtime.what}; slowest ${Math.round(Math.max(...startups))} ms`,
      },
      {
        name: `RSS (${runtime.name}): idle ${SETTLE_MS / 1000} s after ready, median of ${STARTS}`,
        value: mebibytes(median(rss)),
        unit: "MiB",
        ...(built ? { target: { op: "<" as const, value: 130 } } : {}),
      },
    ];
  });
}

await runWhenMain(import.meta.url, benchRuntime);
