/**
 * Start-up with a full job store: 10,000 finished and 1,000 unfinished jobs in the SQLite file, against
 * an empty store. Time from spawn to "bot ready" and the bot's RSS at ready; median of a few starts,
 * each on a freshly seeded store (a start changes the store: it recovers the unfinished jobs).
 */
import { rmSync } from "node:fs";
import type { JobRecord } from "../../src/jobs/job.js";
import { openSqliteStore } from "../../src/store/sqlite/open.js";
import type { Fakes } from "../e2e/harness.js";
import { startFakes } from "../e2e/harness.js";
import { makeJob, resultFor } from "../pool/fixtures.js";
import { residentBytes } from "./bench-world.js";
import { spawnBotChild, stopBotChild } from "./bot-child.js";
import { type BenchResult, mebibytes, median, round, runWhenMain } from "./result.js";

const FINISHED = 10_000;
const UNFINISHED = 1_000;
const STARTS = 3;

async function seed(fakes: Fakes): Promise<void> {
  const store = openSqliteStore(fakes.dataDir);
  const now = Date.now();
  const origin = {
    userId: fakes.discord.user("alice").id,
    channelId: fakes.discord.channel().id,
    guildId: fakes.discord.guilds[0]!.id,
    attachmentSizeLimit: 10 * 1024 * 1024,
  };
  const at = (job: JobRecord, i: number): JobRecord => ({
    ...job,
    origin,
    createdAt: now - 86_400_000 + i,
    updatedAt: now - 3_600_000 + i,
  });
  store.db.transaction(() => {
    for (let i = 0; i < FINISHED; i++) {
      const job = at(makeJob(`done-${i}`), i);
      void store.jobs.create({ ...job, state: "done", result: resultFor(job), promptId: `p-${i}` });
    }
    for (let i = 0; i < UNFINISHED; i++) void store.jobs.create(at(makeJob(`waiting-${i}`), FINISHED + i));
  })();
  await store.close();
}

async function start(seeded: boolean): Promise<{ readyMs: number; rss: number }> {
  const fakes = await startFakes({
    comfy: { stepDelayMs: 5 },
    discord: { rateLimits: "off" },
    env: { LOG_LEVEL: "info", MAX_WAITING: "5000", MAX_WAITING_PER_USER: "1000" },
  });
  try {
    if (seeded) await seed(fakes);
    // Hold ComfyUI so the recovered jobs wait instead of running while the memory is read.
    fakes.comfy.pause();
    const bot = await spawnBotChild(fakes, 120_000);
    const rss = residentBytes(bot.pid);
    await stopBotChild(bot);
    return { readyMs: bot.startupMs, rss };
  } finally {
    await fakes.discord.close();
    await fakes.comfy.close();
    rmSync(fakes.dataDir, { recursive: true, force: true });
  }
}

export async function benchStoreStartup(): Promise<BenchResult[]> {
  const empty: { readyMs: number; rss: number }[] = [];
  const full: { readyMs: number; rss: number }[] = [];
  for (let i = 0; i < STARTS; i++) {
    empty.push(await start(false));
    full.push(await start(true));
  }
  const emptyMs = median(empty.map((s) => s.readyMs));
  const fullMs = median(full.map((s) => s.readyMs));
  const emptyRss = median(empty.map((s) => s.rss));
  const fullRss = median(full.map((s) => s.rss));
  const what = `${FINISHED.toLocaleString("en")} finished + ${UNFINISHED.toLocaleString("en")} unfinished jobs`;
  return [
    { name: "store start-up: spawn → ready, empty store", value: Math.round(emptyMs), unit: "ms" },
    { name: `store start-up: spawn → ready, ${what}`, value: Math.round(fullMs), unit: "ms" },
    {
      name: "store start-up: extra time to ready with the full store",
      value: round((fullMs - emptyMs) / 1000, 2),
      unit: "s",
      target: { op: "<", value: 1 },
      note: `median of ${STARTS} starts each`,
    },
    { name: "store start-up: RSS at ready, empty store", value: mebibytes(emptyRss), unit: "MiB" },
    { name: `store start-up: RSS at ready, ${what}`, value: mebibytes(fullRss), unit: "MiB" },
    {
      name: "store start-up: extra RSS with the full store",
      value: mebibytes(fullRss - emptyRss),
      unit: "MiB",
      target: { op: "<", value: 30 },
    },
  ];
}

await runWhenMain(import.meta.url, benchStoreStartup);
