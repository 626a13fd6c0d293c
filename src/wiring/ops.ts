import { join } from "node:path";
import type { Config } from "../config.js";
import { startBotHttpServer } from "../ops/ops-server.js";
import type { HealthReport } from "../ops/health.js";
import type { JobService } from "../jobs/service.js";
import type { Logger } from "../logger.js";
import { sweepOldFiles } from "../media/retention.js";
import type { BotMetrics } from "../metrics/bot-metrics.js";
import type { Teardown } from "../startup/teardown.js";

/** The ops server (/healthz, /metrics): up before login, so /healthz answers 503 while the bot connects. */
export async function wireOpsServer(
  config: Config,
  deps: {
    logger: Logger;
    metrics: BotMetrics;
    jobs: Pick<JobService, "list">;
    discordReady: () => boolean;
    comfyServers: () => HealthReport["comfyServers"];
  },
  started: Teardown,
) {
  const http = await startBotHttpServer({
    port: config.httpPort,
    host: config.httpHost,
    metrics: deps.metrics,
    logger: deps.logger,
    health: async () => {
      const listed = deps.jobs.list();
      return {
        discordReady: deps.discordReady(),
        comfyServers: deps.comfyServers(),
        queueDepth: listed.filter((j) => j.position !== undefined).length,
        runningJobs: listed.filter((j) => j.position === undefined).length,
      };
    },
  });
  started.add(() => http.close());
  return http;
}

/** Removes old input pictures and old finished jobs now and every six hours; says how to stop. */
export function startSweeper(
  config: Config,
  deps: { logger: Logger; now: () => number; dataDir: string; pruneFinished: () => Promise<unknown> },
): () => void {
  const { logger } = deps;
  const imageDir = join(deps.dataDir, "images");
  const sweep = () => {
    sweepOldFiles(imageDir, config.imageRetentionMs, deps.now()).then(
      (removed) => removed > 0 && logger.info({ removed }, "old input images removed"),
      (error: unknown) => logger.warn({ err: error }, "image sweep failed"),
    );
    deps.pruneFinished().catch((error: unknown) => logger.warn({ err: error }, "job prune failed"));
  };
  sweep();
  const timer = setInterval(sweep, 6 * 3_600_000);
  timer.unref();
  return () => clearInterval(timer);
}
