/**
 * The built bot (`npm start`: node on dist/) beside the same code run from its sources through tsx, and
 * beside a bare discord.js client on plain node (the floor for a discord.js bot): start-up time to ready
 * and RSS after ready, each the median of several starts taken in turns, against the fakes with 10,000
 * LoRAs on the emulated server. RSS is read twice: 3 s after ready, while the garbage of the start (the
 * LoRA index's build) still sits in V8's old generation, and 20 s after ready, once V8's memory reducer
 * (which waits for a quiet spell) has given it back: that is the bot at rest.
 */
import { rmSync } from "node:fs";
import { fromBuild, fromSources, startFlags } from "../e2e/bot-process.js";
import { buildIfStale } from "../support/build.js";
import { residentBytes, sleep } from "./bench-world.js";
import { spawnBotChild, startProcessFakes, stopBotChild } from "./bot-child.js";
import { type BenchResult, mebibytes, median, runWhenMain } from "./result.js";
import { startBare } from "./side/peers.js";

const STARTS = 5;
/** RSS just after start-up: the bot has loaded its LoRA list by then. */
const SETTLING_MS = 3_000;
/** RSS at rest. */
const IDLE_MS = 20_000;

interface Started {
  pid: number;
  startupMs: number;
  stop(): Promise<void>;
}

type Fakes = Awaited<ReturnType<typeof startProcessFakes>>;

async function bot(fakes: Fakes, args: readonly string[]): Promise<Started> {
  const child = await spawnBotChild(fakes, 60_000, args);
  return { pid: child.pid, startupMs: child.startupMs, stop: () => stopBotChild(child) };
}

const runtimes = [
  {
    name: "built",
    what: `npm start: node ${startFlags.join(" ")} dist/src/main.js`,
    start: (fakes: Fakes) => bot(fakes, fromBuild()),
  },
  {
    name: "tsx",
    what: `node ${startFlags.join(" ")} --import tsx's loader src/main.ts`,
    start: (fakes: Fakes) => bot(fakes, [...startFlags, ...fromSources]),
  },
  {
    name: "bare discord.js",
    what: "node test/bench/side/bare-client.mjs: a Client with default options that defers",
    start: (fakes: Fakes) =>
      startBare(
        { apiUrl: fakes.env["DISCORD_API_URL"]!, token: fakes.env["DISCORD_TOKEN"]! },
        process.execPath,
      ),
  },
] as const;

export async function benchRuntime(): Promise<BenchResult[]> {
  await buildIfStale();
  const fakes = await startProcessFakes();
  const figures = new Map<string, { startups: number[]; settling: number[]; idle: number[] }>(
    runtimes.map((r) => [r.name, { startups: [], settling: [], idle: [] }]),
  );
  try {
    // One warm-up start each (tsx fills its compile cache; the OS caches the files), then starts in turns.
    for (let round = -1; round < STARTS; round++) {
      for (const runtime of runtimes) {
        const started = await runtime.start(fakes);
        await sleep(SETTLING_MS);
        const settling = residentBytes(started.pid);
        if (round >= 0) await sleep(IDLE_MS - SETTLING_MS);
        const idle = residentBytes(started.pid);
        await started.stop();
        if (round < 0) continue;
        const figure = figures.get(runtime.name)!;
        figure.startups.push(started.startupMs);
        figure.settling.push(settling);
        figure.idle.push(idle);
      }
    }
  } finally {
    await fakes.discord.close();
    await fakes.comfy.close();
    rmSync(fakes.dataDir, { recursive: true, force: true });
  }
  const medians = (name: string) => {
    const { startups, settling, idle } = figures.get(name)!;
    const slowest = Math.max(...startups);
    return { startup: median(startups), settling: median(settling), idle: median(idle), slowest };
  };
  const bare = medians("bare discord.js");
  const versus = (value: number, floor: number) => `${(value / floor).toFixed(2)}× bare discord.js`;
  return runtimes.flatMap((runtime) => {
    const figure = medians(runtime.name);
    const built = runtime.name === "built";
    const peer = runtime.name !== "bare discord.js";
    return [
      {
        name: `start-up (${runtime.name}): spawn to ready, median of ${STARTS}`,
        value: Math.round(figure.startup),
        unit: "ms",
        ...(built ? { target: { op: "<" as const, value: 800 } } : {}),
        ...(peer ? { vs: versus(figure.startup, bare.startup) } : {}),
        note: `${runtime.what}; slowest ${Math.round(figure.slowest)} ms`,
      },
      {
        name: `RSS (${runtime.name}): ${SETTLING_MS / 1000} s after ready, median of ${STARTS}`,
        value: mebibytes(figure.settling),
        unit: "MiB",
        ...(peer ? { vs: versus(figure.settling, bare.settling) } : {}),
      },
      {
        name: `RSS (${runtime.name}): idle, ${IDLE_MS / 1000} s after ready, median of ${STARTS}`,
        value: mebibytes(figure.idle),
        unit: "MiB",
        ...(built ? { target: { op: "<" as const, value: 130 } } : {}),
        ...(peer ? { vs: versus(figure.idle, bare.idle) } : {}),
      },
    ];
  });
}

await runWhenMain(import.meta.url, benchRuntime);
