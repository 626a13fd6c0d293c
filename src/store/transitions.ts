import { type JobState, finalStates } from "../jobs/job.js";

/**
 * The one table of legal job state changes. Staying in a state (to store progress or a new prompt id)
 * is always legal before the job ends; a finished job never changes again.
 */
const legal: Record<JobState, readonly JobState[]> = {
  queued: ["preparing", "failed", "cancelled"],
  preparing: ["submitted", "queued", "failed", "cancelled"],
  // A cached prompt finishes without a progress event, so submitted may skip running.
  submitted: ["running", "delivering", "queued", "failed", "cancelled"],
  running: ["delivering", "queued", "failed", "cancelled"],
  // A delivery that fails for good after a transient error sends the job round again.
  delivering: ["done", "failed", "queued", "cancelled"],
  done: [],
  failed: [],
  cancelled: [],
};

export function isLegalTransition(from: JobState, to: JobState): boolean {
  if (from === to) return !finalStates.has(from);
  return legal[from].includes(to);
}
