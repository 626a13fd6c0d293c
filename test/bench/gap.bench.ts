/**
 * The idle time of one emulated ComfyUI between consecutive jobs: start(B) − end(A) from the server's
 * own history timestamps, with pipelining on and off, and the emulator's own worker gap for comparison
 * (prompts POSTed straight to it, no bot involved). "Ours" is the median beyond the emulator's gap.
 */
import { randomInt } from "node:crypto";
import { z } from "zod";
import { type World, resultMessages, startWorld } from "../e2e/harness.js";
import { jobShown, silentLogger, tinyPng, until } from "./bench-world.js";
import { type BenchResult, median, round, runWhenMain } from "./result.js";

/** Consecutive jobs per run: fewer at the bot's Discord pacing, where each one takes a second or more. */
const JOBS: Record<Pacing, number> = { default: 10, none: 16 };
/** Per sampler step and per VHS frame: a job takes about 0.1 s on the emulator. */
const STEP_MS = 2;

const historySchema = z.record(
  z.string(),
  z.looseObject({
    status: z.looseObject({
      messages: z.array(z.tuple([z.string(), z.looseObject({ timestamp: z.number() })])),
    }),
  }),
);

interface Run {
  start: number;
  end: number;
}

/**
 * The bot's Discord pacing: "default" is what it runs with (5 s between edits of a message, 1.2 s between
 * edits in a channel); "none" takes Discord's pace out to show the cost of our own pipeline alone.
 */
type Pacing = "default" | "none";

/** When each prompt started and ended on the server (ms), from `GET /history`. */
async function runsOnServer(world: World, promptIds: ReadonlySet<string>): Promise<Run[]> {
  const history = historySchema.parse(await (await fetch(`${world.comfy.url}/history`)).json());
  const runs: Run[] = [];
  for (const [id, entry] of Object.entries(history)) {
    if (!promptIds.has(id)) continue;
    const at = (event: string) => entry.status.messages.find(([name]) => name === event)?.[1].timestamp;
    const start = at("execution_start");
    const end = at("execution_success");
    if (start !== undefined && end !== undefined) runs.push({ start, end });
  }
  return runs.sort((a, b) => a.start - b.start);
}

const gapsBetween = (runs: readonly Run[]) => runs.slice(1).map((run, i) => run.start - runs[i]!.end);

const acceptedIds = (world: World) =>
  new Set(world.comfy.prompts.flatMap((p) => (p.status === 200 && p.promptId ? [p.promptId] : [])));

/** JOBS /i2v queued while the server is paused, then released: the gaps between their runs. */
async function botGaps(pipelining: boolean, pacing: Pacing): Promise<number[]> {
  const jobs = JOBS[pacing];
  const world = await startWorld({
    comfy: { stepDelayMs: STEP_MS },
    env: { PIPELINING: String(pipelining), MAX_WAITING_PER_USER: String(jobs) },
    bot: {
      logger: silentLogger(),
      ...(pacing === "default" ? { editIntervalMs: undefined } : { editIntervalMs: 50, channelSpacingMs: 0 }),
    },
  });
  try {
    const png = await tinyPng();
    world.comfy.pause();
    for (let i = 0; i < jobs; i++) {
      const image = world.discord.addAttachment("in.png", png, "image/png");
      const handle = world.discord.sendSlashCommand({
        name: "i2v",
        options: { image, prompt: `gap ${i}`, duration: 1 },
      });
      await until(() => jobShown(world.discord, handle.id), 10_000, "job message");
    }
    world.comfy.resume();
    await until(() => resultMessages(world.discord).length === jobs, 60_000, "all results");
    return gapsBetween(await runsOnServer(world, acceptedIds(world)));
  } finally {
    await world.close();
  }
}

/** The emulator's own gap: copies of a bot prompt (new seeds, so nothing is cached) POSTed back to back. */
async function emulatorGaps(): Promise<number[]> {
  const world = await startWorld({ comfy: { stepDelayMs: STEP_MS }, bot: { logger: silentLogger() } });
  try {
    const png = await tinyPng();
    const image = world.discord.addAttachment("in.png", png, "image/png");
    world.discord.sendSlashCommand({ name: "i2v", options: { image, prompt: "sample", duration: 1 } });
    await until(() => resultMessages(world.discord).length === 1, 20_000, "sample job");
    return await postedGaps(world);
  } finally {
    await world.close();
  }
}

async function postedGaps(world: World): Promise<number[]> {
  const sample = world.comfy.prompts.find((p) => p.status === 200)!.body as {
    prompt: Record<string, unknown>;
  };
  const reseeded = () =>
    JSON.parse(JSON.stringify(sample.prompt), (key, value: unknown) =>
      key === "noise_seed" || key === "seed" ? randomInt(2 ** 47) : value,
    ) as unknown;
  world.comfy.pause();
  const ids = new Set<string>();
  for (let i = 0; i < JOBS.none; i++) {
    const response = await fetch(`${world.comfy.url}/prompt`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ prompt: reseeded() }),
    });
    ids.add(z.object({ prompt_id: z.string() }).parse(await response.json()).prompt_id);
  }
  world.comfy.resume();
  await world.comfy.idle();
  return gapsBetween(await runsOnServer(world, ids));
}

export async function benchGap(): Promise<BenchResult[]> {
  const emulator = await emulatorGaps();
  const own = median(emulator);
  const figures = async (pipelining: boolean, pacing: Pacing): Promise<BenchResult[]> => {
    const gaps = await botGaps(pipelining, pacing);
    const label = `pipelining ${pipelining ? "on" : "off"}, ${pacing === "default" ? "bot's Discord pacing" : "no Discord pacing"}`;
    return [
      {
        name: `gap: ${label}, ours (median − emulator's)`,
        value: round(median(gaps) - own, 1),
        unit: "ms",
        // The target is pipelining's promise; without it the gap is the upload and POST, shown to compare.
        ...(pipelining ? { target: { op: "<" as const, value: 5 } } : {}),
      },
      { name: `gap: ${label}, max`, value: Math.max(...gaps), unit: "ms" },
    ];
  };
  return [
    {
      name: "gap: the emulator's own, median",
      value: own,
      unit: "ms",
      note: `jobs of about 0.1 s on the emulator, queued while it was paused (${JOBS.default} per run at the bot's pacing, ${JOBS.none} otherwise); server timestamps have 1 ms resolution`,
    },
    { name: "gap: the emulator's own, max", value: Math.max(...emulator), unit: "ms" },
    ...(await figures(true, "default")),
    ...(await figures(false, "default")),
    ...(await figures(true, "none")),
    ...(await figures(false, "none")),
  ];
}

await runWhenMain(import.meta.url, benchGap);
