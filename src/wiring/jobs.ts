import { join } from "node:path";
import type { Config } from "../config.js";
import type { JobPresenter } from "../jobs/presenter.js";
import { createJobService } from "../jobs/service.js";
import type { Logger } from "../logger.js";
import type { BotMetrics } from "../metrics/bot-metrics.js";
import { jobMetricsObserver } from "../metrics/job-metrics.js";
import type { ServerPool } from "../pool/pool.js";
import type { JobTable } from "../store/contract.js";

/** The job service over the pool's lanes, counted by the metrics, woken when a server comes back. */
export function wireJobs(
  config: Config,
  deps: {
    logger: Logger;
    now: () => number;
    dataDir: string;
    store: JobTable;
    presenter: JobPresenter;
    pool: Pick<ServerPool, "lanes">;
    metrics: BotMetrics;
  },
) {
  const jobs = createJobService({
    store: deps.store,
    presenter: deps.presenter,
    lanes: deps.pool.lanes,
    logger: deps.logger,
    limits: config.jobs,
    imageDir: join(deps.dataDir, "images"),
    now: deps.now,
    ...jobMetricsObserver(deps.metrics, deps.now),
  });
  // A server that comes back can take the jobs that waited while it was down.
  for (const lane of deps.pool.lanes) lane.health.onChange((up) => up && jobs.wake());
  return jobs;
}
