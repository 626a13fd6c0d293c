import type { Clock } from "../clock.js";
import { newCorrelationId } from "../correlation.js";
import { isUserError } from "../errors.js";
import type { Logger } from "../logger.js";
import { deliverWithRetry, discardDelivered } from "./deliver.js";
import type { DeliveryOptions } from "./delivery-plan.js";
import { decideFailure } from "./failure-policy.js";
import { type JobRecord, finalStates } from "./job.js";
import type { ExecHooks, ServerLane } from "./lane.js";
import type { LiveJobs, Running } from "./live-jobs.js";
import type { JobPresenter } from "./presenter.js";
import type { Scheduler } from "./scheduler.js";
import { JobMovedOn, type StateMachine } from "./state-machine.js";

export interface RunnerDeps {
  machine: StateMachine;
  live: LiveJobs;
  scheduler: Pick<Scheduler, "enqueue" | "pump">;
  presenter: JobPresenter;
  logger: Logger;
  now: () => number;
  /** Times the pause before a job that hit a transient failure gets back in line. */
  clock: Clock;
  maxAttempts: number;
  stopped(): boolean;
  /** How finished videos go out, and the servers that can write one again smaller. */
  delivery?: DeliveryOptions | undefined;
  lanes: readonly ServerLane[];
}

/** One job's lifecycle on one server: prepare, submit, follow, deliver, and settle how it ended. */
export function createRunner(deps: RunnerDeps) {
  const { machine, presenter } = deps;

  /** Applies the failure policy's decision to a job whose attempt failed. */
  async function settleFailure(job: JobRecord, lane: ServerLane, error: unknown, log: Logger) {
    const decision = decideFailure(error, job.attempts, deps.maxAttempts);
    if (decision.action === "requeue") {
      log.warn({ err: error, attempts: job.attempts }, "server lost the job; queueing it again");
      await machine.move(job, "queued", { promptId: undefined, server: undefined, progress: undefined });
      deps.scheduler.enqueue(job);
      await presenter
        .notice(job, { key: "notice.requeued", params: { attempt: job.attempts + 1, max: deps.maxAttempts } })
        .catch(() => undefined);
      return;
    }
    if (decision.action === "retry") {
      // If the server may already have the prompt, take it off first.
      log.warn({ err: error, attempts: job.attempts }, "transient server failure; trying the job again");
      if (job.promptId) await lane.cancel(job).catch(() => undefined);
      await machine.move(job, "queued", { promptId: undefined, server: undefined, progress: undefined });
      // Not retry(): the job goes back through the fair queue (another user's job, another server may
      // come first), its attempts are counted in the store, and it can be cancelled while it pauses.
      const handle = deps.clock.setTimeout(() => {
        deps.live.drop(job.id, paused);
        if (deps.stopped() || finalStates.has(job.state)) return;
        deps.scheduler.enqueue(job);
        deps.scheduler.pump();
      }, decision.afterMs);
      const paused = { at: "paused" as const, stop: () => deps.clock.clearTimeout(handle) };
      deps.live.put(job, paused);
      return;
    }
    const correlationId = newCorrelationId();
    const expected = decision.expected && isUserError(error);
    log[expected ? "warn" : "error"]({ err: error, correlationId }, "job failed");
    await machine.move(job, "failed", {
      error: expected
        ? { ...error.text, detail: error.detail, correlationId }
        : { key: "error.INTERNAL", params: {}, correlationId },
    });
    await presenter.failed(job).catch((e) => log.warn({ err: e }, "failure notice failed"));
  }

  async function settleRun(job: JobRecord, entry: Running, error: unknown, log: Logger) {
    if (error instanceof JobMovedOn) return;
    if (entry.cancelled) {
      await machine.move(job, "cancelled");
      await presenter
        .cancelled(job, entry.cancelled)
        .catch((e) => log.warn({ err: e }, "cancel notice failed"));
    } else if (deps.stopped()) {
      log.info("stopped while running; the next start resumes it");
    } else {
      await settleFailure(job, entry.lane, error, log);
    }
  }

  async function deliver(job: JobRecord, log: Logger) {
    const how = await deliverWithRetry(job, {
      presenter,
      logger: log,
      delivery: deps.delivery,
      lanes: deps.lanes,
      stopping: deps.stopped,
    });
    await machine.move(job, "done");
    await discardDelivered(job, how);
  }

  /** Runs a job on `lane`: a fresh attempt (`execute`) or one an earlier process left on the server. */
  async function run(job: JobRecord, lane: ServerLane, mode: "execute" | "resume") {
    const entry: Running = { at: "running", lane, abort: new AbortController() };
    deps.live.put(job, entry);
    const log = deps.logger.child({ jobId: job.id, server: lane.name });
    try {
      if (mode === "execute") await machine.move(job, "preparing", { attempts: job.attempts + 1 });
      let sawProgress = job.state === "running";
      const hooks: ExecHooks = {
        signal: entry.abort.signal,
        submitted: async (promptId, server) => {
          await machine.move(job, "submitted", { promptId, server });
          log.info({ promptId }, "job submitted");
        },
        progress: (snapshot) => {
          job.progress = snapshot;
          if (!sawProgress && snapshot.percent > 0) {
            sawProgress = true;
            void machine
              .move(job, "running")
              .catch((e: unknown) => log.warn({ err: e }, "running state not stored"));
          }
          presenter.progress(job, snapshot);
        },
        preview: (image) => presenter.preview?.(job, image),
      };
      const result = await (mode === "execute" ? lane.execute(job, hooks) : lane.resume(job, hooks));
      if (entry.cancelled) throw new Error("cancelled");
      await machine.move(job, "delivering", { result });
      // Delivery talks to Discord only; the server can start on the next job meanwhile.
      entry.released = true;
      deps.scheduler.pump();
      await deliver(job, log);
      log.info({ seconds: (deps.now() - job.createdAt) / 1000 }, "job done");
    } catch (error) {
      await settleRun(job, entry, error, log).catch((e: unknown) =>
        log.warn({ err: e }, "job left as stored"),
      );
    } finally {
      deps.live.drop(job.id, entry);
      deps.scheduler.pump();
    }
  }

  /** Delivers a job whose video an earlier process brought home but did not post. */
  async function deliverAgain(job: JobRecord, lane: ServerLane) {
    const log = deps.logger.child({ jobId: job.id });
    try {
      await deliver(job, log);
    } catch (error) {
      if (error instanceof JobMovedOn || deps.stopped()) return;
      await settleFailure(job, lane, error, log).catch((e: unknown) =>
        log.warn({ err: e }, "job left as stored"),
      );
    }
  }

  return { run, deliverAgain };
}

export type Runner = ReturnType<typeof createRunner>;
