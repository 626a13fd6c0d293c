import { rmSync } from "node:fs";
import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import type { BotProcess } from "../e2e/bot-process.js";
import { type Fakes, startFakes } from "../e2e/harness.js";
import type { RecordedRequest } from "../fakes/discord/index.js";
import { spawnBot } from "../e2e/bot-process.js";
import { allDelivered, outcomes, settle } from "./checker.js";
import { type SubmittedJob, jobShown, prepareJob, sendJob, submitJobs, until } from "./submit.js";

let fakes: Fakes | undefined;
const bots: BotProcess[] = [];
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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function startBotProcess(f: Fakes): Promise<{ bot: BotProcess; port: number }> {
  const port = await freePort();
  const bot = spawnBot({ ...f.env, HTTP_PORT: String(port) }, f.dataDir);
  bots.push(bot);
  await Promise.race([bot.ready, bot.exited.then((code) => Promise.reject(new Error(`bot exited ${code}`)))]);
  return { bot, port };
}

const healthSchema = z.looseObject({ queueDepth: z.number(), runningJobs: z.number() });
const recoveredSchema = z.object({ resumed: z.number(), requeued: z.number(), redelivered: z.number() });

/** The jobs a bot process holds, from its own /healthz. */
async function jobsHeld(port: number): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/healthz`);
  const health = healthSchema.parse(await res.json());
  return health.queueDepth + health.runningJobs;
}

const accepted = (f: Fakes) => f.comfy.prompts.filter((p) => p.status === 200);

/**
 * SIGKILL the moment the fake Discord receives a matching request, before it answers: the fake still
 * carries the request out (the message is posted or edited), but the bot never hears that it did.
 * The fake has no hook for this, so its request log's `push` is wrapped for this one request.
 */
function killOnArrival(f: Fakes, bot: BotProcess, match: (r: RecordedRequest) => boolean): Promise<void> {
  const log = f.discord.requests as RecordedRequest[];
  const push = log.push;
  const arrived = new Promise<void>((resolve) => {
    log.push = (...items: RecordedRequest[]) => {
      const length = push.apply(log, items);
      if (items.some(match)) {
        bot.child.kill("SIGKILL");
        log.push = push;
        resolve();
      }
      return length;
    };
  });
  return until(() => bot.child.signalCode === "SIGKILL", 20_000, "the request to kill at")
    .finally(() => (log.push = push))
    .then(() => arrived)
    .then(() => bot.exited.then(() => undefined));
}

const resultPost = (r: RecordedRequest) => r.method === "POST" && /^\/channels\/\d+\/messages$/.test(r.path);

type Moment = (f: Fakes, bot: { bot: BotProcess; port: number }) => Promise<SubmittedJob[]>;

const moments: { when: string; act: Moment }[] = [
  {
    when: "as the last job's message gets its Cancel button (before the bot hears back)",
    async act(f, first) {
      const jobs = await submitJobs(f.discord, "killed", ["alice", "bob"]);
      const last = sendJob(f.discord, await prepareJob(f.discord, "alice", "killed 3"));
      const shown = (r: RecordedRequest) => r.method === "PATCH" && r.path.includes(last.token);
      await killOnArrival(f, first.bot, shown);
      return [...jobs, await jobShown(f.discord, last)];
    },
  },
  {
    when: "with two prompts in ComfyUI and one job waiting with the bot",
    async act(f, first) {
      f.comfy.pause();
      const jobs = await submitJobs(f.discord, "killed");
      await until(async () => accepted(f).length === 1 && (await jobsHeld(first.port)) === 3, 10_000, "held");
      // The second of ours is handed to ComfyUI only once the first started there.
      f.comfy.resume();
      await until(() => accepted(f).length === 2, 10_000, "second prompt in ComfyUI");
      f.comfy.pause();
      first.bot.child.kill("SIGKILL");
      await first.bot.exited;
      f.comfy.resume();
      return jobs;
    },
  },
  {
    when: "as the first video is posted (before the bot hears back)",
    async act(f, first) {
      const killed = killOnArrival(f, first.bot, resultPost);
      const jobs = await submitJobs(f.discord, "killed");
      await killed;
      return jobs;
    },
  },
  {
    when: "as the first job's message turns to Done (video posted, job not yet stored as done)",
    async act(f, first) {
      const firstJob = sendJob(f.discord, await prepareJob(f.discord, "alice", "killed first"));
      let posted = false;
      const killed = killOnArrival(f, first.bot, (r) => {
        posted ||= resultPost(r);
        return posted && r.method === "PATCH" && r.path.includes(firstJob.token);
      });
      const jobs = [
        await jobShown(f.discord, firstJob),
        ...(await submitJobs(f.discord, "killed", ["bob", "alice"])),
      ];
      await killed;
      return jobs;
    },
  },
];

describe("fault matrix: the bot is killed with SIGKILL", () => {
  it.each(moments)(
    "GIVEN the bot is killed $when THEN after a restart every job is delivered exactly once",
    async ({ act }) => {
      const f = (fakes = await startFakes({ comfy: { stepDelayMs: 8 }, discord: { rateLimits: "off" } }));
      const first = await startBotProcess(f);
      const jobs = await act(f, first);
      expect(first.bot.child.signalCode).toBe("SIGKILL");

      const second = await startBotProcess(f);
      const { verdicts, jobsLeft } = await settle(f.discord, jobs, {
        jobsLeft: () => jobsHeld(second.port),
        timeoutMs: 12_000,
        graceMs: 800,
      });
      expect(outcomes(verdicts)).toEqual(allDelivered(3));
      expect(jobsLeft).toBe(0);
      expect(accepted(f)).toHaveLength(3);
      const ready = second.bot.logs.find((l) => l["msg"] === "bot ready");
      const recovered = recoveredSchema.parse(ready?.["recovered"]);
      expect(recovered.resumed + recovered.requeued + recovered.redelivered).toBeGreaterThan(0);
    },
    60_000,
  );
});
