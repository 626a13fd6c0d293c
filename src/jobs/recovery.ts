import type { Logger } from "../logger.js";
import type { JobTable } from "../store/contract.js";
import type { JobState } from "./job.js";
import type { ServerLane } from "./lane.js";
import type { LiveJobs } from "./live-jobs.js";
import type { Runner } from "./runner.js";
import type { Scheduler } from "./scheduler.js";
import type { StateMachine } from "./state-machine.js";

const unfinished: readonly JobState[] = ["queued", "preparing", "submitted", "running", "delivering"];

export interface RecoveryDeps {
  store: JobTable;
  machine: StateMachine;
  live: LiveJobs;
  scheduler: Pick<Scheduler, "enqueue" | "pump">;
  runner: Runner;
  lanes: ServerLane[];
  logger: Logger;
}

export interface Recovered {
  resumed: number;
  requeued: number;
  redelivered: number;
}

/**
 * Picks up every unfinished job an earlier process left in the store: a video at home is delivered
 * again, a prompt on a server is followed there, anything else goes back in line (stored as queued).
 */
export async function recoverJobs(deps: RecoveryDeps): Promise<Recovered> {
  const counts = { resumed: 0, requeued: 0, redelivered: 0 };
  const fallbackLane = deps.lanes[0]!;
  for (const job of await deps.store.listByState(unfinished)) {
    if (deps.live.get(job.id)) continue;
    deps.machine.adopt(job);
    if (job.state === "delivering" && job.result) {
      counts.redelivered++;
      void deps.runner.deliverAgain(job, fallbackLane);
    } else if ((job.state === "submitted" || job.state === "running") && job.promptId) {
      const lane = deps.lanes.find((l) => l.name === job.server) ?? fallbackLane;
      counts.resumed++;
      void deps.runner.run(job, lane, "resume");
    } else {
      counts.requeued++;
      // Stored as queued again, so the next step's compare-and-set starts from what is stored.
      if (job.state !== "queued") {
        const ok = await deps.machine.move(job, "queued").then(
          () => true,
          (e: unknown) => (deps.logger.warn({ err: e, jobId: job.id }, "job not requeued"), false),
        );
        if (!ok) continue;
      }
      deps.scheduler.enqueue(job);
    }
  }
  deps.scheduler.pump();
  return counts;
}
