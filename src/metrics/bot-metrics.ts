import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { ComfyErrorCode } from "../comfy/errors.js";
import { type JobState, finalStates, jobStates } from "../jobs/job.js";
import { discordRouteLabel, serverLabel } from "./labels.js";

export type FinalJobState = "done" | "failed" | "cancelled";

/** Upper bounds in seconds: a 5 s clip takes minutes, a long one with LoRAs up to an hour. */
export const jobDurationBuckets = [30, 60, 90, 120, 180, 240, 300, 420, 600, 900, 1200, 1800, 2700, 3600];

const activeStates = jobStates.filter((state) => !finalStates.has(state));
const finishedStates: readonly FinalJobState[] = ["done", "failed", "cancelled"];

export interface BotMetricsOptions {
  /** Read on every scrape, so `oelala_comfy_server_up` is current without anyone calling `serverUp`. */
  comfyServers?: () => readonly { server: string; up: boolean }[];
  /** Also export Node process metrics (CPU, memory, event loop lag) as `oelala_process_*`, `oelala_nodejs_*`. */
  processMetrics?: boolean;
}

export interface BotMetrics {
  /** This bot's own registry (never prom-client's global one), so several bots can share a process. */
  registry: Registry;
  /** A job moved between states; `from` is undefined for a new (or recovered) job. */
  jobStateChanged(from: JobState | undefined, to: JobState): void;
  /** A job ended; `seconds` from its creation to its end. */
  jobFinished(state: FinalJobState, seconds: number): void;
  /** How many jobs wait in the bot's own queue (not ComfyUI's). */
  queueDepth(n: number): void;
  comfyError(code: ComfyErrorCode, server: string): void;
  /** `code` is Discord's JSON error code when the body had one; `route` may be a URL, path or bucket route. */
  discordApiError(status: number, code: number | string | undefined, route: string): void;
  serverUp(server: string, up: boolean): void;
}

export function createBotMetrics(options: BotMetricsOptions = {}): BotMetrics {
  const registry = new Registry();
  const registers = [registry];

  const jobs = new Gauge({
    name: "oelala_jobs",
    help: "Jobs currently in each unfinished state",
    labelNames: ["state"] as const,
    registers,
  });
  const queue = new Gauge({
    name: "oelala_queue_depth",
    help: "Jobs waiting in the bot's queue",
    registers,
  });
  const duration = new Histogram({
    name: "oelala_job_duration_seconds",
    help: "Time from a job's creation to its end, by how it ended",
    labelNames: ["state"] as const,
    buckets: jobDurationBuckets,
    registers,
  });
  const comfyErrors = new Counter({
    name: "oelala_comfy_errors_total",
    help: "ComfyUI failures by error code and server",
    labelNames: ["code", "server"] as const,
    registers,
  });
  const discordErrors = new Counter({
    name: "oelala_discord_api_errors_total",
    help: "Discord REST responses with an error status, by status, Discord error code and route",
    labelNames: ["status", "code", "route"] as const,
    registers,
  });
  const comfyServers = options.comfyServers;
  const serversUp = new Gauge({
    name: "oelala_comfy_server_up",
    help: "1 when the bot can reach the ComfyUI server, else 0",
    labelNames: ["server"] as const,
    registers,
    ...(comfyServers && {
      collect(this: Gauge<"server">) {
        for (const { server, up } of comfyServers()) this.set({ server: serverLabel(server) }, up ? 1 : 0);
      },
    }),
  });
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: "oelala_" });

  const counts = new Map<JobState, number>(activeStates.map((state) => [state, 0]));
  for (const state of activeStates) jobs.set({ state }, 0);
  for (const state of finishedStates) duration.zero({ state });
  queue.set(0);

  // Counts never go below zero: a job recovered after a restart may leave a state this process never saw.
  function add(state: JobState, delta: number) {
    const current = counts.get(state);
    if (current === undefined) return;
    const next = Math.max(0, current + delta);
    counts.set(state, next);
    jobs.set({ state }, next);
  }

  return {
    registry,
    jobStateChanged(from, to) {
      if (from === to) return;
      if (from !== undefined) add(from, -1);
      add(to, +1);
    },
    jobFinished(state, seconds) {
      if (Number.isFinite(seconds)) duration.observe({ state }, Math.max(0, seconds));
    },
    queueDepth(n) {
      queue.set(Number.isFinite(n) ? Math.max(0, n) : 0);
    },
    comfyError(code, server) {
      comfyErrors.inc({ code, server: serverLabel(server) });
    },
    discordApiError(status, code, route) {
      discordErrors.inc({
        status: String(status),
        code: code === undefined || code === "" ? "none" : String(code).slice(0, 40),
        route: discordRouteLabel(route),
      });
    },
    serverUp(server, up) {
      serversUp.set({ server: serverLabel(server) }, up ? 1 : 0);
    },
  };
}
