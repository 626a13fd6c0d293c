import { isComfyError } from "../comfy/errors.js";
import { newCorrelationId } from "../correlation.js";
import { UserError, isUserError } from "../errors.js";
import type { Logger } from "../logger.js";
import { deliverWithRetry, discardDelivered } from "./deliver.js";
import { FairQueue } from "./fair-queue.js";
import { isTransient, retryDelayMs } from "./retry-policy.js";
import { type JobRecord, type JobState, finalStates } from "./job.js";
import type { ExecHooks, ServerLane } from "./lane.js";
import type { CancelOutcome, JobPresenter } from "./presenter.js";
import type { JobTable } from "../store/contract.js";
import { StoreFullError } from "../store/contract.js";

export type { ExecHooks } from "./lane.js";

export interface JobLimits {
  maxWaitingPerUser: number;
  maxWaiting: number;
  /** How often a job is sent to a server before we give up on it (a server restart costs one). */
  maxAttempts: number;
}

export interface JobServiceDeps {
  store: JobTable;
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
  /** The server is done with it (the video is on our disk): its slot can take the next job. */
  released?: boolean;
}

const unfinished = ["queued", "preparing", "submitted", "running", "delivering"] as const;

function storeFullRefusal(cause: StoreFullError): UserError {
  return new UserError("error.STORE_FULL", {}, { cause });
}

/** The stored job was not where this process thought (another process moved it, or our lease is gone). */
class JobMovedOn extends Error {
  override readonly name = "JobMovedOn";
}

/**
 * The job service: a durable, fair queue in front of the ComfyUI servers. Every state change is written
 * to the store before anyone hears of it, so a restarted process can pick every job up again.
 */
export function createJobService(deps: JobServiceDeps) {
  const now = deps.now ?? Date.now;
  const queue = new FairQueue<{ id: string; userId: string }>();
  const waiting = new Map<string, JobRecord>();
  const active = new Map<string, Active>();
  /** Jobs stored but not yet in line: their message is being shown. */
  const admitted = new Map<string, JobRecord>();
  /** Jobs pausing before another attempt after a transient failure. */
  const retrying = new Map<string, { job: JobRecord; timer: NodeJS.Timeout }>();
  let stopped = false;

  async function save(job: JobRecord, state: JobState, changes: Partial<JobRecord> = {}): Promise<void> {
    const from = job.state;
    const next: JobRecord = { ...job, ...changes, state, updatedAt: now() };
    const outcome = await deps.store.transition(from, next);
    if (!outcome.ok) {
      deps.logger.warn(
        { jobId: job.id, from, to: state, outcome },
        "job not changed; this process leaves it",
      );
      throw new JobMovedOn(`job ${job.id}: ${outcome.reason}`);
    }
    Object.assign(job, changes, { state, updatedAt: next.updatedAt });
    if (from !== state) deps.onStateChange?.(job, from, state);
  }

  function load(lane: ServerLane) {
    return [...active.values()].filter((a) => a.lane === lane && !a.released).length;
  }

  /** The healthy server with room and the least work (others' prompts plus our jobs there). */
  function freeLane(): ServerLane | undefined {
    const healthy = deps.lanes.filter((l) => l.healthy());
    // With every server down a job still goes to one: its lane waits a while for it, then fails clearly.
    const free = (healthy.length > 0 ? healthy : deps.lanes).filter((l) => load(l) < l.slots);
    const work = (l: ServerLane) => load(l) + (l.load?.() ?? 0);
    return free.sort((a, b) => work(a) - work(b))[0];
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

  /**
   * A user's jobs that still hold or wait for a GPU: in our queue, being shown, pausing before a retry,
   * sent to ComfyUI (waiting there behind other clients' prompts) or running. Delivery needs no GPU.
   */
  function unfinishedOf(userId: string): number {
    const held = [...active.values()].filter((a) => !a.released).map((a) => a.job);
    const paused = [...retrying.values()].map((r) => r.job);
    const jobs = [...admitted.values(), ...held, ...paused];
    return queue.countFor(userId) + jobs.filter((j) => j.origin.userId === userId).length;
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
        .notice(job, {
          key: "notice.requeued",
          params: { attempt: job.attempts + 1, max: deps.limits.maxAttempts },
        })
        .catch(() => undefined);
      return;
    }
    if (isTransient(error) && job.attempts < deps.limits.maxAttempts) {
      // A blip (a 5xx, a timeout, a dropped connection) should not cost a user their video: try again
      // after a pause, quietly. If the server may already have the prompt, take it off first.
      log.warn({ err: error, attempts: job.attempts }, "transient server failure; trying the job again");
      if (job.promptId) await entry.lane.cancel(job).catch(() => undefined);
      await save(job, "queued", { promptId: undefined, server: undefined, progress: undefined });
      const timer = setTimeout(() => {
        retrying.delete(job.id);
        if (stopped || finalStates.has(job.state)) return;
        enqueue(job);
        pump();
      }, retryDelayMs(job.attempts));
      timer.unref();
      retrying.set(job.id, { job, timer });
      return;
    }
    const correlationId = newCorrelationId();
    const expected = isUserError(error);
    log[expected ? "warn" : "error"]({ err: error, correlationId }, "job failed");
    await save(job, "failed", {
      error: expected
        ? { ...error.text, detail: error.detail, correlationId }
        : { key: "error.INTERNAL", params: {}, correlationId },
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
            void save(job, "running").catch((e: unknown) => log.warn({ err: e }, "running state not stored"));
          }
          deps.presenter.progress(job, snapshot);
        },
        preview: (image) => deps.presenter.preview?.(job, image),
      };
      const result = await (mode === "execute" ? lane.execute(job, hooks) : lane.resume(job, hooks));
      if (entry.cancelled) throw new Error("cancelled");
      await save(job, "delivering", { result });
      // Delivery talks to Discord only; the server can start on the next job meanwhile.
      entry.released = true;
      pump();
      const how = await deliverWithRetry(job, { presenter: deps.presenter, logger: log });
      await save(job, "done");
      await discardDelivered(job, how);
      log.info({ seconds: (now() - job.createdAt) / 1000 }, "job done");
    } catch (error) {
      await settleRun(entry, error, log).catch((e: unknown) => log.warn({ err: e }, "job left as stored"));
    } finally {
      active.delete(job.id);
      pump();
    }
  }

  async function settleRun(entry: Active, error: unknown, log: Logger) {
    const { job } = entry;
    if (error instanceof JobMovedOn) return;
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
      const how = await deliverWithRetry(job, { presenter: deps.presenter, logger: log });
      await save(job, "done");
      await discardDelivered(job, how);
    } catch (error) {
      if (error instanceof JobMovedOn || stopped) return;
      await settleFailure({ job, lane: deps.lanes[0]!, abort: new AbortController() }, error, log).catch(
        (e: unknown) => log.warn({ err: e }, "job left as stored"),
      );
    }
  }

  return {
    /**
     * Takes a new job into the store (state queued, not yet in line) or refuses it with a clear sentence
     * when a queue is full. Stored before its message is shown, so a crash in between cannot strand it.
     */
    async admit(job: JobRecord): Promise<void> {
      if (unfinishedOf(job.origin.userId) >= deps.limits.maxWaitingPerUser) {
        throw new UserError("error.QUEUE_FULL_USER", { max: deps.limits.maxWaitingPerUser });
      }
      if (queue.size + admitted.size >= deps.limits.maxWaiting) {
        throw new UserError("error.QUEUE_FULL", {});
      }
      admitted.set(job.id, job);
      try {
        job.updatedAt = now();
        await deps.store.create({ ...job, state: "queued" });
        job.state = "queued";
        // A new job is born queued; its watchers must still count it.
        deps.onStateChange?.(job, undefined, "queued");
      } catch (error) {
        admitted.delete(job.id);
        if (error instanceof StoreFullError) throw storeFullRefusal(error);
        throw error;
      }
    },

    /** Puts a job in line (admitting it first when that has not happened). */
    async submit(job: JobRecord): Promise<void> {
      if (!admitted.has(job.id)) await this.admit(job);
      admitted.delete(job.id);
      await save(job, "queued");
      enqueue(job);
      pump();
    },

    /** An admitted job whose message could not be shown: it ends here, quietly. */
    async abandon(job: JobRecord): Promise<void> {
      if (!admitted.delete(job.id)) return;
      await save(job, "cancelled");
    },

    /** Picks up every unfinished job an earlier process left in the store. */
    async recover(): Promise<{ resumed: number; requeued: number; redelivered: number }> {
      const counts = { resumed: 0, requeued: 0, redelivered: 0 };
      for (const job of await deps.store.listByState(unfinished)) {
        if (active.has(job.id) || waiting.has(job.id) || admitted.has(job.id)) continue;
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
          // Stored as queued again, so the next step's compare-and-set starts from what is stored.
          if (job.state !== "queued") {
            const ok = await save(job, "queued").then(
              () => true,
              (e: unknown) => (deps.logger.warn({ err: e, jobId: job.id }, "job not requeued"), false),
            );
            if (!ok) continue;
          }
          enqueue(job);
        }
      }
      pump();
      return counts;
    },

    async cancel(jobId: string, actor: { userId: string; admin: boolean }): Promise<CancelResult> {
      const job =
        waiting.get(jobId) ??
        active.get(jobId)?.job ??
        retrying.get(jobId)?.job ??
        (await deps.store.get(jobId));
      if (!job) return "not_found";
      if (job.origin.userId !== actor.userId && !actor.admin) return "not_allowed";
      if (finalStates.has(job.state)) return "already_finished";
      const paused = retrying.get(jobId);
      if (paused) {
        clearTimeout(paused.timer);
        retrying.delete(jobId);
        await save(job, "cancelled");
        await deps.presenter.cancelled(job, "removed");
        return "removed";
      }
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
      return (
        waiting.get(jobId) ??
        active.get(jobId)?.job ??
        retrying.get(jobId)?.job ??
        (await deps.store.get(jobId))
      );
    },

    /** Running jobs first, then waiting ones in the order they will run. */
    list(): { job: JobRecord; position: number | undefined }[] {
      const running = [...active.values(), ...retrying.values()].map((a) => ({
        job: a.job,
        position: undefined,
      }));
      const queued = queue.order().flatMap((w, i) => {
        const job = waiting.get(w.id);
        return job ? [{ job, position: i + 1 }] : [];
      });
      return [...running, ...queued];
    },

    /** Starts waiting jobs on lanes that became free outside the service (a server came back). */
    wake() {
      pump();
    },

    /** Stops taking work; running jobs stay in the store as they are, for the next start to resume. */
    async stop() {
      stopped = true;
      for (const entry of active.values()) entry.abort.abort();
      for (const paused of retrying.values()) clearTimeout(paused.timer);
    },
  };
}

export type JobService = ReturnType<typeof createJobService>;
