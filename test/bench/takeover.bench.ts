/**
 * A standby taking over, with the default lease (LEASE_SECONDS=15): from the moment the active bot dies
 * (SIGKILL) or stops answering (SIGSTOP, as a bot on another host that hangs or is cut off) to the
 * standby's first edit of the job's progress message. ComfyUI is held while no bot runs, so the job is
 * still mid-run when the standby gets to it.
 */
import { rmSync } from "node:fs";
import { type BotProcess, spawnBot } from "../e2e/bot-process.js";
import { type Fakes, startFakes } from "../e2e/harness.js";
import { jobShown, prepareJob, sendJob } from "../faults/submit.js";
import { preciseNow, sleep, until } from "./bench-world.js";
import { type BenchResult, round, runWhenMain } from "./result.js";

const TARGET_S = 30;

async function ready(bot: BotProcess, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    bot.ready,
    bot.exited.then((code) => Promise.reject(new Error(`bot exited ${code}`))),
    new Promise((_, fail) => (timer = setTimeout(() => fail(new Error("not ready in time")), timeoutMs))),
  ]).finally(() => clearTimeout(timer));
}

/** Seconds from the active bot's end to the standby's first edit of the job's message. */
async function takeover(signal: "SIGKILL" | "SIGSTOP"): Promise<number> {
  const fakes: Fakes = await startFakes({
    comfy: { stepDelayMs: 40 },
    discord: { rateLimits: "off", now: preciseNow },
    env: { LOG_LEVEL: "info" },
  });
  const bots: BotProcess[] = [];
  try {
    const active = spawnBot(fakes.env, fakes.dataDir);
    bots.push(active);
    await ready(active, 60_000);
    const standby = spawnBot({ ...fakes.env, STANDBY: "true" }, fakes.dataDir);
    bots.push(standby);
    await until(
      () => standby.logs.some((l) => l["msg"] === "standing by: another bot is active"),
      60_000,
      "standing by",
    );
    const sent = sendJob(fakes.discord, await prepareJob(fakes.discord, "alice", "takeover"));
    await jobShown(fakes.discord, sent);
    await until(() => fakes.comfy.prompts.some((p) => p.status === 200), 30_000, "prompt in ComfyUI");
    await sleep(300);
    fakes.comfy.pause();
    const endedAt = preciseNow();
    active.child.kill(signal);
    await ready(standby, 90_000);
    fakes.comfy.resume();
    const edited = () =>
      fakes.discord.requests.find(
        (r) => r.method === "PATCH" && r.receivedAt > endedAt && r.path.includes(sent.token),
      );
    await until(() => edited() !== undefined, 60_000, "the standby's first progress edit");
    return (edited()!.receivedAt - endedAt) / 1000;
  } finally {
    for (const bot of bots) {
      if (bot.child.exitCode === null) bot.child.kill("SIGKILL");
      await bot.exited;
    }
    await fakes.discord.close();
    await fakes.comfy.close();
    rmSync(fakes.dataDir, { recursive: true, force: true });
  }
}

export async function benchTakeover(): Promise<BenchResult[]> {
  const killed = await takeover("SIGKILL");
  const hung = await takeover("SIGSTOP");
  return [
    {
      name: "takeover: active bot SIGKILLed → standby's first progress edit",
      value: round(killed, 2),
      unit: "s",
      target: { op: "<", value: TARGET_S },
      note: "LEASE_SECONDS=15; same host, so the standby sees the holder's process is gone",
    },
    {
      name: "takeover: active bot hung (SIGSTOP) → standby's first progress edit",
      value: round(hung, 2),
      unit: "s",
      target: { op: "<", value: TARGET_S },
      note: "LEASE_SECONDS=15; the standby waits for the lease to lapse, as for a bot on another host",
    },
  ];
}

await runWhenMain(import.meta.url, benchTakeover);
