/**
 * Two bot processes on one store (one DATA_DIR, or one Redis): the second refuses to start naming the
 * first, or with STANDBY=true waits silently and takes over when the first is killed mid-job.
 */
import { rmSync } from "node:fs";
import { hostname } from "node:os";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type BotProcess, spawnBot } from "../e2e/bot-process.js";
import { type Fakes, resultMessages, startFakes } from "../e2e/harness.js";
import { type RedisServer, startRedisServer } from "../support/redis.js";
import { redisBinary, redisSkipReason } from "../store/backends.js";
import { judge } from "./checker.js";
import { jobShown, prepareJob, sendJob, until } from "./submit.js";

let fakes: Fakes | undefined;
const bots: BotProcess[] = [];
let redis: RedisServer | undefined;

beforeAll(async () => {
  if (!redisSkipReason) redis = await startRedisServer(redisBinary ? { binary: redisBinary } : {});
});
afterAll(async () => redis?.stop());
afterEach(async () => {
  for (const bot of bots.splice(0)) {
    if (bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill("SIGKILL");
    await bot.exited;
  }
  if (fakes) {
    await fakes.discord.close();
    await fakes.comfy.close();
    rmSync(fakes.dataDir, { recursive: true, force: true });
    fakes = undefined;
  }
});

function launch(f: Fakes, env: Record<string, string> = {}): BotProcess {
  const bot = spawnBot({ ...f.env, ...env }, f.dataDir);
  bots.push(bot);
  return bot;
}

async function ready(bot: BotProcess): Promise<void> {
  await Promise.race([bot.ready, bot.exited.then((code) => Promise.reject(new Error(`bot exited ${code}`)))]);
}

const logged = (bot: BotProcess, msg: string) => bot.logs.some((l) => l["msg"] === msg);

/** An active bot and a standby on one store (lease 2 s), and a job of alice's shown by the active one. */
async function standbyWithJob(env: Record<string, string>, prompt: string) {
  const f = (fakes = await startFakes({
    comfy: { stepDelayMs: 60 },
    discord: { rateLimits: "off" },
    env: { LEASE_SECONDS: "2", ...env },
  }));
  const active = launch(f);
  await ready(active);
  const standby = launch(f, { STANDBY: "true" });
  await until(() => logged(standby, "standing by: another bot is active"), 20_000, "standing by");
  const sent = sendJob(f.discord, await prepareJob(f.discord, "alice", prompt));
  const job = await jobShown(f.discord, sent);
  return { f, active, standby, sent, job };
}

/** The result is posted once, and a late duplicate (given a second to show) is not. */
async function expectDeliveredOnce(f: Fakes, job: Awaited<ReturnType<typeof jobShown>>) {
  await until(() => resultMessages(f.discord).length > 0, 30_000, "the result posted");
  await new Promise((r) => setTimeout(r, 1_000));
  expect(judge(f.discord, job)).toMatchObject({ outcome: "delivered", problems: [] });
  expect(resultMessages(f.discord)).toHaveLength(1);
}

let database = 0;
const stores = [
  { name: "one DATA_DIR (SQLite)", env: (): Record<string, string> => ({}) },
  {
    name: "one Redis",
    env: (): Record<string, string> => ({ REDIS_URL: `${redis!.url}/${++database % 16}` }),
    skip: redisSkipReason,
  },
];

describe.each(stores)("two bot processes on $name", ({ env, skip }) => {
  it.skipIf(skip !== undefined)(
    "GIVEN a bot runs WHEN a second one starts THEN it refuses with a sentence naming the first (host, pid, since)",
    async () => {
      const f = (fakes = await startFakes({ env: { LEASE_SECONDS: "2", ...env() } }));
      const first = launch(f);
      await ready(first);
      const second = launch(f, { LOG_LEVEL: "info" });
      expect(await second.exited).toBe(1);
      const sentence = second.stderr();
      expect(sentence).toContain(`process ${first.child.pid} on host ${hostname()}`);
      expect(sentence).toMatch(/active since \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
      expect(sentence).toContain("STANDBY=true");
      expect(sentence.match(/could not start/g)).toHaveLength(1);
      expect(sentence).not.toMatch(/\bat .*\.ts:\d+/); // no stack
      expect(f.discord.identifies).toHaveLength(1);
      expect(first.child.exitCode).toBeNull();
    },
    60_000,
  );

  it.skipIf(skip !== undefined)(
    "GIVEN a standby WHEN the active bot is SIGKILLed mid-job THEN the standby stayed silent, takes over and the job is delivered exactly once",
    async () => {
      const { f, active, standby, sent, job } = await standbyWithJob(env(), "taken over");
      const accepted = () => f.comfy.prompts.filter((p) => p.status === 200);
      await until(() => accepted().length === 1, 20_000, "the prompt in ComfyUI");
      await new Promise((r) => setTimeout(r, 300));
      // Held mid-run, so the kill lands while ComfyUI is making the video.
      f.comfy.pause();
      // Only the active bot answered, connected or queued a prompt.
      expect(f.discord.callbacks(sent.interactionId).filter((c) => c.status < 300)).toHaveLength(1);
      expect(f.discord.identifies).toHaveLength(1);
      expect(accepted()).toHaveLength(1);
      expect(logged(standby, "bot ready")).toBe(false);

      active.child.kill("SIGKILL");
      await active.exited;
      await ready(standby);
      f.comfy.resume();
      await expectDeliveredOnce(f, job);
      expect(f.discord.identifies).toHaveLength(2);
    },
    90_000,
  );

  it.skipIf(skip !== undefined)(
    "GIVEN the active bot hangs (SIGSTOP) past its lease THEN the standby takes over, the hung one stops when it wakes, and the job is delivered once",
    async () => {
      const { f, active, standby, job } = await standbyWithJob(env(), "hung");
      await until(() => f.comfy.prompts.some((p) => p.status === 200), 20_000, "the prompt in ComfyUI");
      f.comfy.pause();

      active.child.kill("SIGSTOP");
      await ready(standby);
      f.comfy.resume();
      active.child.kill("SIGCONT");
      expect(await active.exited).toBe(0);
      expect(logged(active, "lost the job store's lease; this bot stops touching jobs")).toBe(true);

      await expectDeliveredOnce(f, job);
    },
    90_000,
  );
});
