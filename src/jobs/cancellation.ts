import type { JobTable } from "../store/contract.js";
import { finalStates } from "./job.js";
import type { LiveJobs } from "./live-jobs.js";
import type { CancelOutcome, JobPresenter } from "./presenter.js";
import type { Scheduler } from "./scheduler.js";
import type { StateMachine } from "./state-machine.js";

export type CancelResult = CancelOutcome | "not_found" | "not_allowed" | "already_finished";

export interface Actor {
  userId: string;
  admin: boolean;
}

export interface CancellationDeps {
  store: JobTable;
  machine: StateMachine;
  live: LiveJobs;
  scheduler: Pick<Scheduler, "withdraw" | "announcePositions">;
  presenter: JobPresenter;
}

/**
 * Cancels a job for its owner or an admin: out of line or out of its pause at once, off the server
 * (deleted while pending there, else interrupted) when it runs; the runner then settles it.
 */
export async function cancelJob(deps: CancellationDeps, jobId: string, actor: Actor): Promise<CancelResult> {
  const live = deps.live.get(jobId);
  const job = live?.job ?? (await deps.store.get(jobId));
  if (!job) return "not_found";
  if (job.origin.userId !== actor.userId && !actor.admin) return "not_allowed";
  if (finalStates.has(job.state)) return "already_finished";
  const where = live?.where;
  if (where?.at === "paused" || where?.at === "waiting") {
    if (where.at === "paused") {
      where.stop();
      deps.live.drop(jobId);
    } else deps.scheduler.withdraw(jobId);
    await deps.machine.move(job, "cancelled");
    await deps.presenter.cancelled(job, "removed");
    if (where.at === "waiting") void deps.scheduler.announcePositions().catch(() => undefined);
    return "removed";
  }
  if (where?.at !== "running") return "not_found";
  const outcome = job.promptId ? await where.lane.cancel(job) : "removed";
  where.cancelled = outcome;
  where.abort.abort();
  return outcome;
}
