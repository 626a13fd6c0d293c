/**
 * The crash loop: a bot process runs /i2v jobs against the ComfyUI emulator and is SIGKILLed at a random
 * moment of each life, then started again on the same data folder; at the end one last bot settles
 * everything and every job is judged the way its user sees it.
 */
import { rmSync } from "node:fs";
import { z } from "zod";
import { type BotProcess, spawnBot } from "../e2e/bot-process.js";
import { type Fakes, startFakes } from "../e2e/harness.js";
import { freePort } from "../support/redis.js";
import { type Verdict, settle } from "./checker.js";
import { type SubmittedJob, jobShown, prepareJob, sendJob } from "./submit.js";

export interface CrashLoopOptions {
  kills: number;
  /** New jobs sent in each life (before its kill). */
  jobsPerLife: number;
  /** A life lasts a random 0…maxLifeMs after its jobs are shown, then the bot is SIGKILLed. */
  maxLifeMs: number;
  seed: number;
  log?: (line: string) => void;
}

export interface CrashLoopFigures {
  kills: number;
  jobs: number;
  delivered: number;
  failedWithMessage: number;
  /** Gone: no result, no failure, and no bot holds it any more. */
  lost: number;
  duplicated: number;
  /** Still held by the bot, unfinished, when the settling time ran out. */
  stuck: number;
  /** Jobs whose outcome is right but looks wrong (no reference, no ping, not "Done"). */
  withProblems: number;
  wallSeconds: number;
}

/** mulberry32: a small seeded generator, so a failing run can be repeated with its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const healthSchema = z.looseObject({ queueDepth: z.number(), runningJobs: z.number() });

async function jobsHeld(port: number): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/healthz`);
  const health = healthSchema.parse(await res.json());
  return health.queueDepth + health.runningJobs;
}

interface Life {
  bot: BotProcess;
  port: number;
}

async function startLife(f: Fakes): Promise<Life> {
  const port = await freePort();
  const bot = spawnBot({ ...f.env, HTTP_PORT: String(port), LOG_LEVEL: "info" }, f.dataDir);
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    bot.ready,
    bot.exited.then((code) => Promise.reject(new Error(`the bot exited with code ${code} at start`))),
    new Promise((_, fail) => (timer = setTimeout(() => fail(new Error("the bot was not ready")), 60_000))),
  ]).finally(() => clearTimeout(timer));
  return { bot, port };
}

async function kill(life: Life): Promise<void> {
  if (life.bot.child.exitCode === null && life.bot.child.signalCode === null) life.bot.child.kill("SIGKILL");
  await life.bot.exited;
}

export function tallyVerdicts(verdicts: readonly Verdict[], held: number) {
  const count = (o: Verdict["outcome"]) => verdicts.filter((v) => v.outcome === o).length;
  const unfinished = count("stuck");
  const stuck = Math.min(unfinished, held);
  return {
    delivered: count("delivered"),
    failedWithMessage: count("failed"),
    lost: unfinished - stuck,
    duplicated: count("duplicated") + count("delivered and failed"),
    stuck,
    withProblems: verdicts.filter((v) => v.problems.length > 0).length,
  };
}

export async function runCrashLoop(
  options: CrashLoopOptions,
): Promise<{ figures: CrashLoopFigures; verdicts: Verdict[] }> {
  const started = performance.now();
  const next = random(options.seed);
  const log = options.log ?? (() => undefined);
  const f = await startFakes({
    comfy: { stepDelayMs: 5 },
    discord: { rateLimits: "off" },
    env: { MAX_WAITING_PER_USER: "1000", MAX_WAITING: "5000", LEASE_SECONDS: "2" },
  });
  const users = ["alice", "bob"];
  const jobs: SubmittedJob[] = [];
  let life: Life | undefined;
  try {
    for (let kills = 0; kills < options.kills; kills++) {
      life = await startLife(f);
      for (let i = 0; i < options.jobsPerLife; i++) {
        const user = users[jobs.length % users.length]!;
        const sent = sendJob(f.discord, await prepareJob(f.discord, user, `crash ${jobs.length + 1}`));
        jobs.push(await jobShown(f.discord, sent, 30_000));
      }
      await new Promise((r) => setTimeout(r, Math.floor(next() * options.maxLifeMs)));
      await kill(life);
      if ((kills + 1) % 10 === 0) log(`${kills + 1}/${options.kills} kills, ${jobs.length} jobs`);
    }
    life = await startLife(f);
    const final = life;
    const { verdicts, jobsLeft } = await settle(f.discord, jobs, {
      jobsLeft: () => jobsHeld(final.port),
      timeoutMs: 60_000 + jobs.length * 500,
      graceMs: 1_500,
    });
    const figures: CrashLoopFigures = {
      kills: options.kills,
      jobs: jobs.length,
      ...tallyVerdicts(verdicts, jobsLeft),
      wallSeconds: Math.round((performance.now() - started) / 100) / 10,
    };
    return { figures, verdicts };
  } finally {
    if (life) await kill(life);
    await f.discord.close();
    await f.comfy.close();
    rmSync(f.dataDir, { recursive: true, force: true });
  }
}
