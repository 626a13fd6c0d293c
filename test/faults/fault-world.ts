/** A world for one fault-matrix run: short jobs, fast edit pacing, Discord limits off unless asked. */
import { type World, type WorldOptions, startWorld } from "../e2e/harness.js";
import { type Verdict, settle } from "./checker.js";
import type { SubmittedJob } from "./submit.js";

export async function faultWorld(options: WorldOptions = {}): Promise<World> {
  return startWorld({
    ...options,
    comfy: { stepDelayMs: 3, ...options.comfy },
    discord: { rateLimits: "off", ...options.discord },
    bot: { editIntervalMs: 50, channelSpacingMs: 0, ...options.bot },
  });
}

/** Waits until every job ended and the bot's job list is empty (bounded), then judges each job. */
export function settleInWorld(
  w: World,
  jobs: readonly SubmittedJob[],
  timeoutMs = 20_000,
): Promise<{ verdicts: Verdict[]; jobsLeft: number }> {
  return settle(w.discord, jobs, { jobsLeft: () => w.bot.jobs.list().length, timeoutMs });
}
