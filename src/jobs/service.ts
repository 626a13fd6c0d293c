import { type Clock, unrefClock } from "../clock.js";
import type { Logger } from "../logger.js";
import type { JobTable } from "../store/contract.js";
import { type JobLimits, createAdmission } from "./admission.js";
import { type Actor, type CancelResult, cancelJob } from "./cancellation.js";
import { type JobCreation, type NewJob, createJob } from "./create-job.js";
import { type JobRecord, type JobState, finalStates } from "./job.js";
import type { ServerLane } from "./lane.js";
import { LiveJobs } from "./live-jobs.js";
import type { JobPresenter } from "./presenter.js";
import { recoverJobs } from "./recovery.js";
import type { DeliveryOptions } from "./delivery-plan.js";
import { createRunner } from "./runner.js";
import { createScheduler } from "./scheduler.js";
import { createStateMachine } from "./state-machine.js";

export type { ExecHooks } from "./lane.js";
export type { JobLimits } from "./admission.js";
export type { CancelResult } from "./cancellation.js";

export interface JobServiceDeps {
  store: JobTable;
  presenter: JobPresenter;
  lanes: ServerLane[];
  logger: Logger;
  limits: JobLimits;
  /** Where new jobs' prepared input pictures are written. */
  imageDir?: string;
  now?: () => number;
  /** Told of every state change after it is stored (metrics). */
  onStateChange?: (job: JobRecord, from: JobState | undefined, to: JobState) => void;
  /** Told of the number of jobs waiting in our queue whenever it changes. */
  onQueueDepth?: (depth: number) => void;
  /** How finished videos go out (file, compact, smaller version, link). */
  delivery?: DeliveryOptions;
  /** Times the pauses before retries; default the real clock, whose timers do not hold the process. */
  clock?: Clock;
}

/**
 * The job service: a durable, fair queue in front of the ComfyUI servers. Every state change is written
 * to the store before anyone hears of it, so a restarted process can pick every job up again.
 */
export function createJobService(deps: JobServiceDeps) {
  const now = deps.now ?? Date.now;
  let stopped = false;
  const isStopped = () => stopped;
  const live = new LiveJobs();
  const machine = createStateMachine({ ...deps, now });
  const scheduler = createScheduler({
    ...deps,
    live,
    stopped: isStopped,
    start: (job, lane) => void runner.run(job, lane, "execute"),
  });
  const runner = createRunner({
    ...deps,
    machine,
    live,
    scheduler,
    now,
    clock: deps.clock ?? unrefClock,
    maxAttempts: deps.limits.maxAttempts,
    stopped: isStopped,
  });
  const admission = createAdmission({ machine, live, scheduler, limits: deps.limits });

  /** Running and paused jobs; one that just ended is still settling (its last message is being posted). */
  function unfinished(): JobRecord[] {
    return [...live.running(), ...live.paused()]
      .map((l) => l.job)
      .filter((job) => !finalStates.has(job.state));
  }

  /** Running jobs first, then waiting ones in the order they will run. */
  function list(): { job: JobRecord; position: number | undefined }[] {
    return [
      ...unfinished().map((job) => ({ job, position: undefined })),
      ...scheduler.order().map((job, i) => ({ job, position: i + 1 })),
    ];
  }

  return {
    /** Puts a job that is already built in line (tests, moved jobs); new jobs come through `create`. */
    submit: admission.submit,

    /** Creates a job: charged, its picture on disk, stored, shown, in line. See createJob. */
    create(input: NewJob, creation: JobCreation = {}): Promise<JobRecord> {
      if (!deps.imageDir) throw new Error("this job service was made without an image folder");
      return createJob({ admission, imageDir: deps.imageDir, now, logger: deps.logger }, input, creation);
    },

    recover: () => recoverJobs({ ...deps, machine, live, scheduler, runner }),

    cancel: (jobId: string, actor: Actor): Promise<CancelResult> =>
      cancelJob({ ...deps, machine, live, scheduler }, jobId, actor),

    /** A job this process knows (waiting or running), else the stored record. */
    async find(jobId: string): Promise<JobRecord | undefined> {
      return live.get(jobId)?.job ?? (await deps.store.get(jobId));
    },

    list,

    /** How many jobs `list` would show, without putting the waiting ones in order. */
    count: (): number => unfinished().length + scheduler.size,

    /** Starts waiting jobs on lanes that became free outside the service (a server came back). */
    wake() {
      scheduler.pump();
    },

    /** Stops taking work; running jobs stay in the store as they are, for the next start to resume. */
    async stop() {
      stopped = true;
      for (const { where } of live.running()) where.abort.abort();
      for (const paused of live.paused()) paused.stop();
    },
  };
}

export type JobService = ReturnType<typeof createJobService>;
