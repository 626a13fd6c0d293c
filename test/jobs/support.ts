import type { JobRecord, JobResult } from "../../src/jobs/job.js";
import type { ExecHooks, ServerLane } from "../../src/jobs/lane.js";
import type { JobPresenter } from "../../src/jobs/presenter.js";

/** One server whose every run lasts until the service stops it. */
export function laneThatRunsUntilStopped(onRun: (job: JobRecord) => void = () => undefined): ServerLane {
  return {
    name: "gpu",
    slots: 1,
    execute: (job: JobRecord, hooks: ExecHooks) =>
      new Promise<JobResult>((_resolve, reject) => {
        onRun(job);
        hooks.signal.addEventListener("abort", () => reject(new Error("stopped")), { once: true });
      }),
    resume: async () => {
      throw new Error("not resumed");
    },
    cancel: async () => "interrupted",
    othersQueued: async () => 0,
    healthy: () => true,
  };
}

export const silentPresenter: JobPresenter = {
  queued: async () => undefined,
  progress: () => undefined,
  delivered: async () => undefined,
  failed: async () => undefined,
  cancelled: async () => undefined,
  notice: async () => undefined,
};
