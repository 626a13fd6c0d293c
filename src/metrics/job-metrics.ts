import { comfyCodeOf } from "../comfy/errors.js";
import type { JobRecord, JobState } from "../jobs/job.js";
import type { BotMetrics } from "./bot-metrics.js";

/**
 * What the job service's state changes mean for the metrics: every move counted, finished jobs
 * timed, and a job that failed on a ComfyUI error counted against that error and its server.
 */
export function jobMetricsObserver(metrics: BotMetrics, now: () => number) {
  return {
    onStateChange(job: JobRecord, from: JobState | undefined, to: JobState): void {
      metrics.jobStateChanged(from, to);
      if (to !== "done" && to !== "failed" && to !== "cancelled") return;
      metrics.jobFinished(to, (now() - job.createdAt) / 1000);
      const code = job.error && comfyCodeOf(job.error.key);
      if (to === "failed" && code && job.server) metrics.comfyError(code, job.server);
    },
    onQueueDepth: (depth: number) => metrics.queueDepth(depth),
  };
}
