import type { Logger } from "../logger.js";
import { newCorrelationId } from "../correlation.js";
import { UserError, isUserError } from "../errors.js";
import { isComfyError } from "../comfy/errors.js";
import { FairQueue } from "./fair-queue.js";
import { type JobRecord, type JobResult, type JobState, finalStates } from "./job.js";
import type { CancelOutcome, JobPresenter } from "./presenter.js";
import type { ProgressSnapshot } from "./progress.js";
import type { JobStore } from "./store.js";

export interface ExecHooks {
  signal: AbortSignal;
  /** The prompt is in the server's queue. */
  submitted(promptId: string, server: string): Promise<void>;
  progress(snapshot: ProgressSnapshot): void;
}

/** Runs one job on a ComfyUI server until its video is on disk. */
export type JobExecutor = (job: JobRecord, hooks: ExecHooks) => Promise<JobResult>;

/** Takes a job out of a ComfyUI server: deleted while pending there, interrupted while running. */
export type RemoteCancel = (job: JobRecord) => Promise<Exclude<CancelOutcome, "removed">>;

export interface JobLimits {
  maxWaitingPerUser: number;
  maxWaiting: number;
}

export interface JobServiceDeps {
  store: JobStore;
  presenter: JobPresenter;
  execute: JobExecutor;
  cancelRemote: RemoteCancel;
  logger: Logger;
  limits: JobLimits;
  /** How many jobs run at once (one per GPU server). */
  slots?: number;
  now?: () => number;
}

interface Waiting {
  id: string;
  userId: string;
}

export type CancelResult = CancelOutcome | "not_found" | "not_allowed" | "already_finished";

export function createJobService(deps: JobServiceDeps) {
  const now = deps.now ?? Date.now;
  const slots = deps.slots ?? 1;
  const queue = new FairQueue<Waiting>();
  const waiting = new Map<string, JobRecord>();
  const running = new Map<string, { job: JobRecord; abort: AbortController; cancelled?: CancelOutcome }>();
  let stopped = false;

  async function save(job: JobRecord, state: JobState, changes: Partial<JobRecord> = {}): Promise<JobRecord> {
    Object.assign(job, changes, { state, updatedAt: now() });
    await deps.store.put(job);
    return job;
  }

  async function announcePositions() {
    const order = queue.order();
    await Promise.all(
      order.map((w, i) => {
        const job = waiting.get(w.id);
        return job ? deps.presenter.queued(job, i + 1 + running.size).catch(() => undefined) : undefined;
      }),
    );
  }

  async function run(job: JobRecord) {
    const abort = new AbortController();
    const entry: { job: JobRecord; abort: AbortController; cancelled?: CancelOutcome } = { job, abort };
    running.set(job.id, entry);
    const log = deps.logger.child({ jobId: job.id });
    try {
      await save(job, "preparing", { attempts: job.attempts + 1 });
      let sawProgress = false;
      const result = await deps.execute(job, {
        signal: abort.signal,
        submitted: async (promptId, server) => {
          await save(job, "submitted", { promptId, server });
          log.info({ promptId, server }, "job submitted");
        },
        progress: (snapshot) => {
          job.progress = snapshot;
          if (!sawProgress) {
            sawProgress = true;
            void save(job, "running");
          }
          deps.presenter.progress(job, snapshot);
        },
      });
      if (entry.cancelled) throw new Error("cancelled");
      await save(job, "delivering", { result });
      await deps.presenter.delivered(job);
      await save(job, "done");
      log.info({ seconds: (now() - job.createdAt) / 1000 }, "job done");
    } catch (error) {
      if (entry.cancelled) {
        await save(job, "cancelled");
        await deps.presenter
          .cancelled(job, entry.cancelled)
          .catch((e) => log.warn({ err: e }, "cancel notice failed"));
      } else {
        const correlationId = newCorrelationId();
        const expected = isUserError(error);
        log[expected ? "warn" : "error"]({ err: error, correlationId }, "job failed");
        const message = isComfyError(error)
          ? error.message
          : expected
            ? error.message
            : "Something went wrong on our side while making this video.";
        const code = isUserError(error) ? error.code : "INTERNAL";
        await save(job, "failed", { error: { code, message, correlationId } });
        await deps.presenter.failed(job).catch((e) => log.warn({ err: e }, "failure notice failed"));
      }
    } finally {
      running.delete(job.id);
      void pump();
    }
  }

  async function pump() {
    while (!stopped && running.size < slots) {
      const next = queue.shift();
      if (!next) break;
      const job = waiting.get(next.id);
      waiting.delete(next.id);
      if (job) void run(job);
    }
    await announcePositions();
  }

  return {
    /** Accepts a new job or refuses it with a clear sentence when a queue is full. */
    async submit(job: JobRecord): Promise<number> {
      if (queue.countFor(job.origin.userId) >= deps.limits.maxWaitingPerUser) {
        throw new UserError(
          "QUEUE_FULL_USER",
          `You already have ${deps.limits.maxWaitingPerUser} videos waiting. Please wait for one to start before adding another.`,
        );
      }
      if (queue.size >= deps.limits.maxWaiting) {
        throw new UserError("QUEUE_FULL", "The queue is full right now. Please try again in a few minutes.");
      }
      await save(job, "queued");
      waiting.set(job.id, job);
      queue.push({ id: job.id, userId: job.origin.userId });
      const position = (queue.position(job.id) ?? 1) + running.size;
      void pump();
      return position;
    },

    async cancel(jobId: string, actor: { userId: string; admin: boolean }): Promise<CancelResult> {
      const job = waiting.get(jobId) ?? running.get(jobId)?.job ?? (await deps.store.get(jobId));
      if (!job) return "not_found";
      if (job.origin.userId !== actor.userId && !actor.admin) return "not_allowed";
      if (finalStates.has(job.state)) return "already_finished";
      if (waiting.has(jobId)) {
        queue.remove(jobId);
        waiting.delete(jobId);
        await save(job, "cancelled");
        await deps.presenter.cancelled(job, "removed");
        void announcePositions();
        return "removed";
      }
      const entry = running.get(jobId);
      if (!entry) return "not_found";
      const outcome = job.promptId ? await deps.cancelRemote(job) : "removed";
      entry.cancelled = outcome;
      entry.abort.abort();
      return outcome;
    },

    get(jobId: string): JobRecord | undefined {
      return waiting.get(jobId) ?? running.get(jobId)?.job;
    },

    /** Waiting and running jobs, running first, then in the order they will run. */
    list(): { job: JobRecord; position: number | undefined }[] {
      const runningJobs = [...running.values()].map((r) => ({ job: r.job, position: undefined }));
      const queued = queue.order().flatMap((w, i) => {
        const job = waiting.get(w.id);
        return job ? [{ job, position: i + 1 + running.size }] : [];
      });
      return [...runningJobs, ...queued];
    },

    async stop() {
      stopped = true;
    },
  };
}

export type JobService = ReturnType<typeof createJobService>;
