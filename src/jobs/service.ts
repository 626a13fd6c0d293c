import { isComfyError } from "../comfy/errors.js";
import { newCorrelationId } from "../correlation.js";
import { UserError, isUserError } from "../errors.js";
import type { Logger } from "../logger.js";
import { FairQueue } from "./fair-queue.js";
import { type JobRecord, type JobState, finalStates } from "./job.js";
import type { ExecHooks, ServerLane } from "./lane.js";
import type { CancelOutcome, JobPresenter } from "./presenter.js";
import type { JobStore } from "./store.js";

export type { ExecHooks } from "./lane.js";

export interface JobLimits {
  maxWaitingPerUser: number;
  maxWaiting: number;
  /** How often a job is sent to a server before we give up on it (a server restart costs one). */
  maxAttempts: number;
}

export interface JobServiceDeps {
  store: JobStore;
  presenter: JobPresenter;
  lanes: ServerLane[];
  logger: Logger;
  limits: JobLimits;
  now?: () => number;
  /** Told of every state change after it is stored (metrics). */
  onStateChange?: (job: JobRecord, from: JobState | undefined, to: JobState) => void;
  /** Told of the number of jobs waiting in our queue whenever it changes. */
  onQueueDepth?: (depth: number) => void;
}

export type CancelResult = CancelOutcome | "not_found" | "not_allowed" | "already_finished";

interface Active {
  job: JobRecord;
  lane: ServerLane;
  abort: AbortController;
  cancelled?: CancelOutcome;
}

const failedMessage = "Something went wrong on our side while making this video.";

/**
 * The job service: a durable, fair queue in front of the ComfyUI servers. Every state change is written
 * to the store before anyone hears of it, so a restarted process can pick every job up again.
 */
export function createJobService(deps: JobServiceDeps) {
  const now = deps.now ?? Date.now;
  const queue = new FairQueue<{ id: string; userId: string }>();
  const waiting = new Map<string, JobRecord>();
  const active = new Map<string, Active>();
  let stopped = false;

  async function save(job: JobRecord, state: JobState, changes: Partial<JobRecord> = {}): Promise<void> {
    const from = job.state;
    Object.assign(job, changes, { state, updatedAt: now() });
    await deps.store.put(job);
    if (from !== state) deps.onStateChange?.(job, from, state);
  }

  function load(lane: ServerLane) {
    return [...active.values()].filter((a) => a.lane === lane).length;
  }

  function freeLane(): ServerLane | undefined {
    const free = deps.lanes.filter((l) => l.healthy() && load(l) < l.slots);
    return free.sort((a, b) => load(a) - load(b))[0];
  }

  let announcing: Promise<void> | undefined;
  async function announcePositions(): Promise<void> {
    if (announcing) return announcing;
    announcing = (async () => {
      const ours = new Set([...active.values()].flatMap((a) => (a.job.promptId ? [a.job.promptId] : [])));
      const others = await Promise.all(deps.lanes.map((l) => l.othersQueued(ours).catch(() => 0)));
      const ahead = Math.min(...others, Number.MAX_SAFE_INTEGER) + active.size;
      await Promise.all(
        queue.order().map((w, i) => {
          const job = waiting.get(w.id);
          return job ? deps.presenter.queued(job, ahead + i + 1).catch(() => undefined) : undefined;
        }),
      );
    })().finally(() => (announcing = undefined));
    return announcing;
  }

  function enqueue(job: JobRecord) {
    waiting.set(job.id, job);
    queue.push({ id: job.id, userId: job.origin.userId });
  }

  async function settleFailure(entry: Active, error: unknown, log: Logger) {
    const { job } = entry;
    if (isComfyError(error, "LOST") && job.attempts < deps.limits.maxAttempts) {
      log.warn({ err: error, attempts: job.attempts }, "server lost the job; queueing it again");
      await save(job, "queued", { promptId: undefined, server: undefined, progress: undefined });
      enqueue(job);
      await deps.presenter
        .notice(
          job,
          `the video server restarted and lost your job, so it is queued again (attempt ${job.attempts + 1} of ${deps.limits.maxAttempts}).`,
        )
        .catch(() => undefined);
      return;
    }
    const correlationId = newCorrelationId();
    const expected = isUserError(error);
    log[expected ? "warn" : "error"]({ err: error, correlationId }, "job failed");
    const message = expected ? error.message : failedMessage;
    await save(job, "failed", {
      error: { code: expected ? error.code : "INTERNAL", message, correlationId },
    });
    await deps.presenter.failed(job).catch((e) => log.warn({ err: e }, "failure notice failed"));
  }

  async function run(job: JobRecord, lane: ServerLane, mode: "execute" | "resume") {
    const entry: Active = { job, lane, abort: new AbortController() };
    active.set(job.id, entry);
    const log = deps.logger.child({ jobId: job.id, server: lane.name });
    try {
      if (mode === "execute") await save(job, "preparing", { attempts: job.attempts + 1 });
      let sawProgress = job.state === "running";
      const hooks: ExecHooks = {
        signal: entry.abort.signal,
        submitted: async (promptId, server) => {
          await save(job, "submitted", { promptId, server });
          log.info({ promptId }, "job submitted");
        },
        progress: (snapshot) => {
          job.progress = snapshot;
          if (!sawProgress && snapshot.percent > 0) {
            sawProgress = true;
            void save(job, "running");
          }
          deps.presenter.progress(job, snapshot);
        },
      };
      const result = await (mode === "execute" ? lane.execute(job, hooks) : lane.resume(job, hooks));
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
      } else if (stopped) {
        log.info("stopped while running; the next start resumes it");
      } else {
        await settleFailure(entry, error, log);
      }
    } finally {
      active.delete(job.id);
      pump();
    }
  }

  function pump() {
    if (stopped) return;
    deps.onQueueDepth?.(queue.size);
    for (let lane = freeLane(); lane && queue.size > 0; lane = freeLane()) {
      const next = queue.shift()!;
      const job = waiting.get(next.id);
      waiting.delete(next.id);
      if (job) void run(job, lane, "execute");
    }
    void announcePositions().catch(() => undefined);
  }

  async function deliverAgain(job: JobRecord) {
    const log = deps.logger.child({ jobId: job.id });
    try {
      await deps.presenter.delivered(job);
      await save(job, "done");
    } catch (error) {
      await settleFailure({ job, lane: deps.lanes[0]!, abort: new AbortController() }, error, log);
    }
  }

  return {
    /** Accepts a new job (state queued) or refuses it with a clear sentence when a queue is full. */
    async submit(job: JobRecord): Promise<void> {
      if (queue.countFor(job.origin.userId) >= deps.limits.maxWaitingPerUser) {
        throw new UserError(
          "QUEUE_FULL_USER",
          `You already have ${deps.limits.maxWaitingPerUser} videos waiting. Please wait until one of them starts before adding another.`,
        );
      }
      if (queue.size >= deps.limits.maxWaiting) {
        throw new UserError("QUEUE_FULL", "The queue is full right now. Please try again in a few minutes.");
      }
      await save(job, "queued");
      enqueue(job);
      pump();
    },

    /** Picks up every unfinished job an earlier process left in the store. */
    async recover(): Promise<{ resumed: number; requeued: number; redelivered: number }> {
      const counts = { resumed: 0, requeued: 0, redelivered: 0 };
      for (const job of await deps.store.active()) {
        if (active.has(job.id) || waiting.has(job.id)) continue;
        deps.onStateChange?.(job, undefined, job.state);
        if (job.state === "delivering" && job.result) {
          counts.redelivered++;
          void deliverAgain(job);
        } else if ((job.state === "submitted" || job.state === "running") && job.promptId) {
          const lane = deps.lanes.find((l) => l.name === job.server) ?? deps.lanes[0]!;
          counts.resumed++;
          void run(job, lane, "resume");
        } else {
          counts.requeued++;
          if (job.state !== "queued") deps.onStateChange?.(job, job.state, "queued");
          job.state = "queued";
          enqueue(job);
        }
      }
      pump();
      return counts;
    },

    async cancel(jobId: string, actor: { userId: string; admin: boolean }): Promise<CancelResult> {
      const job = waiting.get(jobId) ?? active.get(jobId)?.job ?? (await deps.store.get(jobId));
      if (!job) return "not_found";
      if (job.origin.userId !== actor.userId && !actor.admin) return "not_allowed";
      if (finalStates.has(job.state)) return "already_finished";
      if (waiting.has(jobId)) {
        queue.remove(jobId);
        waiting.delete(jobId);
        await save(job, "cancelled");
        await deps.presenter.cancelled(job, "removed");
        void announcePositions().catch(() => undefined);
        return "removed";
      }
      const entry = active.get(jobId);
      if (!entry) return "not_found";
      const outcome = job.promptId ? await entry.lane.cancel(job) : "removed";
      entry.cancelled = outcome;
      entry.abort.abort();
      return outcome;
    },

    /** A job this process knows (waiting or running), else the stored record. */
    async find(jobId: string): Promise<JobRecord | undefined> {
      return waiting.get(jobId) ?? active.get(jobId)?.job ?? (await deps.store.get(jobId));
    },

    /** Running jobs first, then waiting ones in the order they will run. */
    list(): { job: JobRecord; position: number | undefined }[] {
      const running = [...active.values()].map((a) => ({ job: a.job, position: undefined }));
      const queued = queue.order().flatMap((w, i) => {
        const job = waiting.get(w.id);
        return job ? [{ job, position: i + 1 }] : [];
      });
      return [...running, ...queued];
    },

    /** Stops taking work; running jobs stay in the store as they are, for the next start to resume. */
    async stop() {
      stopped = true;
      for (const entry of active.values()) entry.abort.abort();
    },
  };
}

export type JobService = ReturnType<typeof createJobService>;
