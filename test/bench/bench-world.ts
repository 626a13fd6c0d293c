/** What the end-to-end suites share: a quiet logger, a clock, waiting, and reading a process's memory. */
import { readFileSync } from "node:fs";
import pino from "pino";
import type { FakeDiscord, FakeMessage } from "../fakes/discord/index.js";
import { testImage } from "../e2e/harness.js";

/** Wall-clock milliseconds with sub-millisecond resolution, for the fake Discord's timestamps. */
export const preciseNow = () => performance.timeOrigin + performance.now();

/** The bot's logger in a bench: every line would otherwise pile up in memory or on the terminal. */
export const silentLogger = () => pino({ level: "silent" });

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class BenchTimeout extends Error {
  override readonly name = "BenchTimeout";
}

/** Polls `check` until it holds; throws after `timeoutMs` so a stuck suite ends instead of hanging. */
export async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new BenchTimeout(`${what}: not within ${timeoutMs} ms`);
    await sleep(10);
  }
}

/** A small PNG: the bench measures our handling, not image decoding. */
export const tinyPng = () => testImage(64, 64);

/** The public message a job lives in: the original response to its `/i2v`. */
export function jobMessage(discord: FakeDiscord, interactionId: string): FakeMessage | undefined {
  return discord
    .channelMessages(discord.channel().id)
    .find((m) => m.interactionId === interactionId && (m.flags & 64) === 0);
}

/** Whether the job's message shows its Cancel button yet (the job exists and is queued). */
export function jobShown(discord: FakeDiscord, interactionId: string): boolean {
  return JSON.stringify(jobMessage(discord, interactionId)?.components ?? []).includes("cancel:");
}

/** Whether the bot answered `/i2v` privately (a refusal) instead of starting a job. */
export function refused(discord: FakeDiscord, interactionId: string): boolean {
  return discord
    .channelMessages(discord.channel().id)
    .some((m) => m.interactionId === interactionId && (m.flags & 64) === 64 && m.content !== "");
}

function statusField(pid: number, field: "VmRSS" | "VmHWM"): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
    return match ? Number(match[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN; // not Linux, or the process is gone
  }
}

/** Resident set size of another process in bytes (Linux /proc); NaN where that cannot be read. */
export const residentBytes = (pid: number) => statusField(pid, "VmRSS");
/** The highest resident set size the process ever had, in bytes (Linux /proc); NaN elsewhere. */
export const peakResidentBytes = (pid: number) => statusField(pid, "VmHWM");

function commandLine(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
  } catch {
    return [];
  }
}

function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).map(Number);
  } catch {
    return [];
  }
}

/** Runs src/main.ts itself, rather than relaying to it (`.bin/tsx`) or serving it (esbuild). */
const runsTheBot = (args: string[]) =>
  args.some((a) => a.endsWith("src/main.ts")) &&
  !args.some((a) => /(\.bin\/tsx|tsx\/dist\/cli\.mjs)$/.test(a));

/**
 * The process that runs the bot, for its RSS: `pid` itself when node runs the bot directly, or its
 * child when `pid` is the `tsx` relay. Falls back to `pid` where /proc cannot tell.
 */
export function botNodePid(pid: number): number {
  return [pid, ...childPids(pid)].find((candidate) => runsTheBot(commandLine(candidate))) ?? pid;
}
