/** The bot as `npm start` runs it, in its own process, with its memory readable from outside. */
import { type BotProcess, fromSources, spawnBot } from "../e2e/bot-process.js";
import { type Fakes, startFakes } from "../e2e/harness.js";
import { syntheticLoraNames } from "../loras/synthetic-loras.js";
import { botNodePid, preciseNow } from "./bench-world.js";

export interface BotChild {
  process: BotProcess;
  /** The node process that runs the bot (for its RSS). */
  pid: number;
  /** Milliseconds from spawn to the "bot ready" log line. */
  startupMs: number;
}

/** The fakes the process suite runs against: 10,000 LoRAs, a paused-able emulator, high queue caps. */
export function startProcessFakes(): Promise<Fakes> {
  return startFakes({
    loras: syntheticLoraNames(10_000, 42),
    comfy: { stepDelayMs: 5 },
    discord: { rateLimits: "record", now: preciseNow },
    env: { MAX_WAITING: "5000", MAX_WAITING_PER_USER: "1000", LOG_LEVEL: "info" },
  });
}

/** `args`: node's arguments, `fromSources` (tsx) or `fromBuild()` (dist/, as `npm start` runs it). */
export async function spawnBotChild(
  fakes: Pick<Fakes, "env" | "dataDir">,
  readyTimeoutMs = 30_000,
  args: readonly string[] = fromSources,
  node: string = process.execPath,
): Promise<BotChild> {
  const started = performance.now();
  const child = spawnBot(fakes.env, fakes.dataDir, args, node);
  let timer: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((ready, fail) => {
      timer = setTimeout(
        () => fail(new Error(`the bot was not ready within ${readyTimeoutMs} ms`)),
        readyTimeoutMs,
      );
      void child.exited.then((code) =>
        fail(new Error(`the bot exited with code ${code} before it was ready`)),
      );
      void child.ready.then(ready);
    });
  } catch (error) {
    const pid = botNodePid(child.child.pid ?? 0);
    if (pid !== child.child.pid) killQuietly(pid);
    child.child.kill("SIGKILL");
    throw error;
  } finally {
    clearTimeout(timer);
  }
  const startupMs = performance.now() - started;
  return { process: child, pid: botNodePid(child.child.pid ?? 0), startupMs };
}

/** SIGTERM, as an operator stops it; SIGKILL when it does not exit within `graceMs`. */
export async function stopBotChild(bot: BotChild, graceMs = 10_000): Promise<void> {
  if (bot.process.child.exitCode !== null) return;
  bot.process.child.kill("SIGTERM");
  const timer = setTimeout(() => {
    // Killing the tsx relay alone would orphan the node process that runs the bot.
    if (bot.pid !== bot.process.child.pid) killQuietly(bot.pid);
    bot.process.child.kill("SIGKILL");
  }, graceMs);
  await bot.process.exited;
  clearTimeout(timer);
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // already gone
  }
}
