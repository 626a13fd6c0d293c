/**
 * `npm run soak [-- --jobs 300 --minutes 15 --no-faults]`: the bot in its own process, as `npm start`
 * runs it, against the fake Discord and the ComfyUI emulator at emulator speed. Sends `--jobs` /i2v over
 * several users and channels, a few at a time, with occasional node failures and one ComfyUI restart
 * that loses its queue; then reports the bot's memory growth and every lost or duplicated job.
 * Exits 1 when a job was lost or duplicated, or the time bound ran out.
 */
import { rmSync } from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { startFakes } from "../e2e/harness.js";
import type { FakeMessage } from "../fakes/discord/index.js";
import { peakResidentBytes, preciseNow, residentBytes, sleep, tinyPng } from "../bench/bench-world.js";
import { spawnBotChild, stopBotChild } from "../bench/bot-child.js";
import { formatTable } from "../bench/report.js";
import { type BenchResult, mebibytes, round } from "../bench/result.js";
import { type MemoryAfterGc, heapProbeNodeOptions, probeMemory } from "./memory.js";
import { tallyOutcomes } from "./outcomes.js";

const options = z
  .object({
    jobs: z.coerce.number().int().min(1).max(5_000),
    minutes: z.coerce.number().positive().max(120),
    inFlight: z.coerce.number().int().min(1).max(200),
    faults: z.boolean(),
  })
  .parse(
    (({ values }) => ({
      jobs: values.jobs,
      minutes: values.minutes,
      inFlight: values["in-flight"],
      faults: !values["no-faults"],
    }))(
      parseArgs({
        options: {
          jobs: { type: "string", default: "300" },
          minutes: { type: "string", default: "15" },
          "in-flight": { type: "string", default: "12" },
          "no-faults": { type: "boolean", default: false },
        },
      }),
    ),
  );

const USERS = ["alice", "bob", "carol", "dave", "erin", "frank"];
const CHANNELS = ["generate", "soak-1", "soak-2", "soak-3", "soak-4", "soak-5"];
/** The first jobs warm the bot up (JIT, connection pools, caches) before the starting memory is taken. */
const WARM_UP = 10;
const FAIL_EVERY = 30;

const log = (text: string) => process.stderr.write(`soak: ${text}\n`);

const fakes = await startFakes({
  discord: {
    rateLimits: "record",
    now: preciseNow,
    users: USERS.map((username) => ({ username })),
    guilds: [{ name: "Oelala", channels: CHANNELS.map((name) => ({ name })), roles: [{ name: "Member" }] }],
  },
  env: { MAX_WAITING_PER_USER: "50", MAX_WAITING: "1000", LOG_LEVEL: "info" },
});
const bot = await spawnBotChild({ ...fakes, env: { ...fakes.env, NODE_OPTIONS: heapProbeNodeOptions } });
const atReady = await probeMemory(bot);
const deadline = performance.now() + options.minutes * 60_000;
const png = await tinyPng();
const sent: string[] = [];
const messages = (): FakeMessage[] =>
  CHANNELS.flatMap((name) => fakes.discord.channelMessages(fakes.discord.channel(name).id));
const tally = () => tallyOutcomes(sent, messages(), fakes.discord.requests);

function send(): void {
  const n = sent.length;
  if (options.faults && n > 0 && n % FAIL_EVERY === 0) fakes.comfy.failNode("13", { atStep: 2, times: 1 });
  const image = fakes.discord.addAttachment("in.png", png, "image/png");
  const handle = fakes.discord.sendSlashCommand({
    name: "i2v",
    user: USERS[n % USERS.length]!,
    channelId: fakes.discord.channel(CHANNELS[n % CHANNELS.length]!).id,
    options: { image, prompt: `soak ${n}`, duration: 1 },
  });
  sent.push(handle.id);
}

let afterWarmUp: MemoryAfterGc | undefined;
let restarted = !options.faults;
let lastReport = 0;
const started = performance.now();
try {
  for (;;) {
    const now = tally();
    if (now.pending === 0 && sent.length >= options.jobs) break;
    if (performance.now() > deadline) {
      log(`time bound of ${options.minutes} min reached`);
      break;
    }
    if (!afterWarmUp && sent.length >= WARM_UP && now.pending === 0) {
      await sleep(2_000);
      afterWarmUp = await probeMemory(bot);
    }
    const cap = afterWarmUp ? options.jobs : Math.min(WARM_UP, options.jobs);
    const finished = sent.length - now.pending;
    while (sent.length < cap && sent.length - finished < options.inFlight) send();
    if (!restarted && sent.length >= options.jobs / 2) {
      restarted = true;
      log("restarting ComfyUI (its queue is lost)");
      await fakes.comfy.restart({ loseQueue: true, downMs: 500 });
    }
    if (performance.now() - lastReport > 10_000) {
      lastReport = performance.now();
      const rss = mebibytes(residentBytes(bot.pid));
      log(`${finished}/${options.jobs} finished, ${now.pending} in flight, bot RSS ${rss} MiB`);
    }
    await sleep(250);
  }
  await sleep(5_000); // a late duplicate still counts
  const end = tally();
  const atEnd = await probeMemory(bot);
  const warm = afterWarmUp ?? atReady;
  const perJob =
    sent.length - WARM_UP > 0
      ? (atEnd.heapUsed - warm.heapUsed) / (sent.length - WARM_UP) / 1024
      : Number.NaN;
  const minutes = round((performance.now() - started) / 60_000, 1);
  const results: BenchResult[] = [
    {
      name: "soak: jobs sent",
      value: sent.length,
      unit: "jobs",
      note: `${minutes} min; faults ${options.faults ? `on (a node fails every ${FAIL_EVERY}th job, one ComfyUI restart)` : "off"}`,
    },
    { name: "soak: delivered", value: end.delivered, unit: "jobs" },
    { name: "soak: failed with a message", value: end.failed, unit: "jobs" },
    { name: "soak: refused", value: end.refused, unit: "jobs" },
    {
      name: "soak: told their job was queued again after the restart",
      value: messages().filter((m) => m.content.includes("lost your job")).length,
      unit: "jobs",
    },
    {
      name: "soak: lost (no result, no failure message)",
      value: end.pending,
      unit: "jobs",
      target: { op: "=", value: 0 },
    },
    {
      name: "soak: duplicated (two or more outcomes)",
      value: end.duplicated,
      unit: "jobs",
      target: { op: "=", value: 0 },
    },
    { name: "soak: bot RSS at ready, after GC", value: mebibytes(atReady.rss), unit: "MiB" },
    {
      name: `soak: bot RSS after ${WARM_UP} warm-up jobs, after GC`,
      value: mebibytes(warm.rss),
      unit: "MiB",
    },
    { name: "soak: bot RSS at the end, after GC", value: mebibytes(atEnd.rss), unit: "MiB" },
    { name: "soak: RSS growth after warm-up", value: mebibytes(atEnd.rss - warm.rss), unit: "MiB" },
    {
      name: "soak: JS heap growth after warm-up",
      value: mebibytes(atEnd.heapUsed - warm.heapUsed),
      unit: "MiB",
      note: `heap used after a full GC: ${mebibytes(warm.heapUsed)} MiB after warm-up, ${mebibytes(atEnd.heapUsed)} MiB at the end`,
    },
    { name: "soak: JS heap growth per job", value: round(perJob, 2), unit: "KiB" },
    { name: "soak: bot peak RSS", value: mebibytes(peakResidentBytes(bot.pid)), unit: "MiB" },
    {
      name: "soak: 429s Discord would have sent",
      value: fakes.discord.rateLimitHits.length,
      unit: "responses",
    },
  ];
  process.stdout.write(`\n${formatTable(results)}\n`);
  const ok = end.pending === 0 && end.duplicated === 0;
  process.exitCode = ok ? 0 : 1;
} finally {
  await stopBotChild(bot);
  await fakes.discord.close();
  await fakes.comfy.close();
  rmSync(fakes.dataDir, { recursive: true, force: true });
}
