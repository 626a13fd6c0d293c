import { randomUUID } from "node:crypto";
import { type ComfyClient, createComfyClient } from "../comfy/client.js";
import { realClock, type Clock } from "../clock.js";
import type { Config, ServerConfig } from "../config.js";
import { type ExecutorDeps, createI2VExecutor } from "./execute.js";
import type { Logger } from "../logger.js";
import { loraNames } from "../workflow/known-problems.js";
import { createHealthMonitor } from "./health.js";
import { type MetaStore, createJobTimes } from "./job-times.js";
import { type PoolLane, createPoolLane } from "./pool-lane.js";
import { type ServerStatus, probeServer } from "./server-probe.js";
import { shrinkOnServer } from "./shrink-on-server.js";

export type PoolConfig = Pick<Config, "servers" | "serverHealth" | "models" | "sampling" | "jobs">;

export interface ServerPoolDeps {
  logger: Logger;
  videoDir: string;
  now?: () => number;
  /** Drives health checks and grace periods (the ComfyUI clients keep their own timers). */
  scheduler?: Clock;
  /** Where the rolling job times survive a restart. */
  meta?: MetaStore;
  /** Executor settings every server shares. */
  executor?: Pick<ExecutorDeps, "compact" | "costBook" | "tickMs" | "queuePollMs">;
  /** How each server's client is made; a real client by default. */
  createClient?: (server: ServerConfig) => ComfyClient;
  /** A health check that has not answered by then counts as down. Default 3 s. */
  probeTimeoutMs?: number;
  /** Whether this bot still holds the job store's lease; without it, no prompt is taken off a server. */
  leaseHeld?: () => boolean;
}

export interface ServerPool {
  lanes: PoolLane[];
  /** Loads the stored job times and starts the health checks. */
  start(): Promise<void>;
  /** Stops the health checks and closes every client. */
  stop(): Promise<void>;
  /** Every server, checked now. */
  status(): Promise<ServerStatus[]>;
  /** Mean seconds a job spent on a server, over the last few; undefined before the first. */
  averageJobSeconds(): number | undefined;
  /** The LoRAs every answering server has, so a job can use its LoRA wherever it lands. */
  loraNames(): Promise<string[]>;
  /** Up or down as last checked, for /healthz and /metrics. */
  servers(): { server: string; up: boolean }[];
}

/** The ComfyUI servers: one client, executor, health check and lane each, with its own placement. */
export function createServerPool(config: PoolConfig, deps: ServerPoolDeps): ServerPool {
  const now = deps.now ?? Date.now;
  const scheduler = deps.scheduler ?? realClock;
  const { logger } = deps;
  const times = createJobTimes({ meta: deps.meta, logger });
  const clients: ComfyClient[] = [];

  const lanes = config.servers.map((server) => {
    const comfy =
      deps.createClient?.(server) ??
      // A short reconnect cap: a server that is back must get its socket back before its next job.
      createComfyClient({ baseUrl: server.url, clientId: randomUUID(), logger, reconnect: { maxMs: 5_000 } });
    clients.push(comfy);
    const executor = createI2VExecutor({
      ...deps.executor,
      comfy,
      server: server.name,
      settings: { models: config.models, sampling: config.sampling, devices: server.devices },
      videoDir: deps.videoDir,
      logger,
      now,
    });
    const health = createHealthMonitor({
      name: server.name,
      probe: (signal) => probeServer(comfy, comfy.clientId, signal),
      scheduler,
      now,
      intervalMs: config.serverHealth.intervalMs,
      timeoutMs: deps.probeTimeoutMs ?? 3_000,
      logger,
    });
    return createPoolLane({
      name: server.name,
      address: server.address,
      comfy,
      executor,
      shrink: (job, settings, signal) =>
        shrinkOnServer({ comfy, videoDir: deps.videoDir }, job, settings, signal),
      pipelining: config.jobs.pipelining,
      health,
      downGraceMs: config.serverHealth.downGraceMs,
      scheduler,
      now,
      times,
      logger,
      ...(deps.leaseHeld ? { leaseHeld: deps.leaseHeld } : {}),
    });
  });

  return {
    lanes,
    async start() {
      await times.load().catch((error: unknown) => logger.warn({ err: error }, "job times not loaded"));
      await deps.executor?.costBook?.load(config.servers.map((server) => server.name));
      for (const lane of lanes) lane.health.start();
    },
    async stop() {
      for (const lane of lanes) lane.health.stop();
      await Promise.all(clients.map((c) => c.close()));
    },
    async status() {
      await Promise.all(lanes.map((lane) => lane.health.check()));
      return lanes.map((lane) => lane.status());
    },
    averageJobSeconds() {
      const ms = times.averageMs();
      return ms === undefined ? undefined : ms / 1000;
    },
    async loraNames() {
      const answers = await Promise.allSettled(
        clients.map(async (c) => loraNames(await c.refreshObjectInfo())),
      );
      const lists = answers.flatMap((a) => (a.status === "fulfilled" ? [a.value] : []));
      if (lists.length === 0) {
        const first = answers.find((a) => a.status === "rejected");
        throw first?.reason ?? new Error("no ComfyUI server configured");
      }
      const [head = [], ...rest] = lists;
      const shared = rest.map((names) => new Set(names));
      return head.filter((name) => shared.every((names) => names.has(name)));
    },
    servers: () => lanes.map((lane) => ({ server: lane.name, up: lane.healthy() })),
  };
}
