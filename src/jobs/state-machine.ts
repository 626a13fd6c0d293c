import type { Logger } from "../logger.js";
import type { JobTable } from "../store/contract.js";
import { isLegalTransition } from "../store/transitions.js";
import type { JobRecord, JobState } from "./job.js";

/** The stored job was not where this process thought (another process moved it, or our lease is gone). */
export class JobMovedOn extends Error {
  override readonly name = "JobMovedOn";
}

/** A move the transition table forbids: a bug in the core, refused before the store is asked. */
export class IllegalMove extends Error {
  override readonly name = "IllegalMove";
}

export interface StateMachineDeps {
  store: JobTable;
  logger: Logger;
  now: () => number;
  /** Told of every state change after it is stored (metrics). */
  onStateChange?: ((job: JobRecord, from: JobState | undefined, to: JobState) => void) | undefined;
}

/**
 * The only way a job changes state: each move is checked against the transition table
 * (src/store/transitions.ts), written to the store with compare-and-set, and only then applied to the
 * record in memory and told to the watchers.
 */
export function createStateMachine(deps: StateMachineDeps) {
  return {
    /** Stores a new job as queued. Rejects with the store's error (StoreFullError) and changes nothing. */
    async create(job: JobRecord): Promise<void> {
      const updatedAt = deps.now();
      await deps.store.create({ ...job, state: "queued", updatedAt });
      Object.assign(job, { state: "queued", updatedAt });
      // A new job is born queued; its watchers must still count it.
      deps.onStateChange?.(job, undefined, "queued");
    },

    async move(job: JobRecord, to: JobState, changes: Partial<JobRecord> = {}): Promise<void> {
      const from = job.state;
      if (!isLegalTransition(from, to)) throw new IllegalMove(`job ${job.id}: ${from} → ${to}`);
      const next: JobRecord = { ...job, ...changes, state: to, updatedAt: deps.now() };
      const outcome = await deps.store.transition(from, next);
      if (!outcome.ok) {
        deps.logger.warn({ jobId: job.id, from, to, outcome }, "job not changed; this process leaves it");
        throw new JobMovedOn(`job ${job.id}: ${outcome.reason}`);
      }
      Object.assign(job, changes, { state: to, updatedAt: next.updatedAt });
      if (from !== to) deps.onStateChange?.(job, from, to);
    },

    /** A job found in the store by a new process: its watchers count it from here. */
    adopt(job: JobRecord): void {
      deps.onStateChange?.(job, undefined, job.state);
    },
  };
}

export type StateMachine = ReturnType<typeof createStateMachine>;
