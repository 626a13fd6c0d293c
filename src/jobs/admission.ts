import { UserError } from "../errors.js";
import { StoreFullError } from "../store/contract.js";
import type { JobRecord } from "./job.js";
import type { LiveJobs } from "./live-jobs.js";
import type { Scheduler } from "./scheduler.js";
import type { StateMachine } from "./state-machine.js";

export interface JobLimits {
  maxWaitingPerUser: number;
  maxWaiting: number;
  /** How often a job is sent to a server before we give up on it (a server restart costs one). */
  maxAttempts: number;
}

export interface AdmissionDeps {
  machine: StateMachine;
  live: LiveJobs;
  scheduler: Pick<Scheduler, "enqueue" | "pump" | "size">;
  limits: JobLimits;
}

/** What a user reads when the store has no room for a new job (SQLite's disk, Redis's memory). */
export function storeFullRefusal(cause: StoreFullError): UserError {
  return new UserError("error.STORE_FULL", {}, { cause });
}

/** Who may add a job: the per-user and overall caps, then the store; then the job gets in line. */
export function createAdmission(deps: AdmissionDeps) {
  const { live, limits } = deps;

  /**
   * Takes a new job into the store (state queued, not yet in line) or refuses it with a clear sentence
   * when a queue is full. Stored before its message is shown, so a crash in between cannot strand it.
   */
  async function admit(job: JobRecord): Promise<void> {
    if (live.holdingGpu(job.origin.userId) >= limits.maxWaitingPerUser) {
      throw new UserError("error.QUEUE_FULL_USER", { max: limits.maxWaitingPerUser });
    }
    if (deps.scheduler.size + live.count("admitted") >= limits.maxWaiting) {
      throw new UserError("error.QUEUE_FULL", {});
    }
    const where = { at: "admitted" as const };
    live.put(job, where);
    try {
      await deps.machine.create(job);
    } catch (error) {
      live.drop(job.id, where);
      if (error instanceof StoreFullError) throw storeFullRefusal(error);
      throw error;
    }
  }

  return {
    admit,

    /** Puts a job in line (admitting it first when that has not happened). */
    async submit(job: JobRecord): Promise<void> {
      if (live.get(job.id)?.where.at !== "admitted") await admit(job);
      // Stores what the job's message added (its id) with the job.
      await deps.machine.move(job, "queued");
      deps.scheduler.enqueue(job);
      deps.scheduler.pump();
    },

    /** An admitted job whose message could not be shown: it ends here, quietly. */
    async abandon(job: JobRecord): Promise<void> {
      if (live.get(job.id)?.where.at !== "admitted") return;
      live.drop(job.id);
      await deps.machine.move(job, "cancelled");
    },
  };
}

export type Admission = ReturnType<typeof createAdmission>;
