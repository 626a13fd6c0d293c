import type { ComfyClient } from "../comfy/client.js";
import { ComfyError, isComfyError } from "../comfy/errors.js";
import type { Clock } from "../clock.js";
import { isUserError } from "../errors.js";
import { LeaseLostError } from "../store/contract.js";
import type { I2VExecutor } from "./execute.js";
import type { JobRecord, JobResult } from "../jobs/job.js";
import type { ExecHooks, ServerLane } from "../jobs/lane.js";
import { phaseLabels } from "../jobs/phases.js";
import type { ProgressSnapshot } from "../jobs/progress.js";
import type { Logger } from "../logger.js";
import { type DowntimeWatch, watchDowntime } from "./downtime.js";
import type { HealthMonitor } from "./health.js";
import type { JobTimes } from "./job-times.js";
import type { ServerStatus } from "./server-probe.js";
import { takePromptOff } from "./cancel-remote.js";
import { createWaitingGate } from "./waiting-gate.js";

export interface PoolLaneOptions {
  name: string;
  address: string;
  comfy: Pick<ComfyClient, "clientId" | "queue" | "deleteFromQueue" | "interrupt">;
  executor: I2VExecutor;
  shrink?: ServerLane["shrink"];
  pipelining: boolean;
  health: HealthMonitor;
  /** How long the server may be down before the jobs on it are given up as LOST (and run elsewhere). */
  downGraceMs: number;
  scheduler: Clock;
  now: () => number;
  times: JobTimes;
  logger: Logger;
  /** Whether this bot still holds the job store's lease (default: always). */
  leaseHeld?: () => boolean;
}

export interface PoolLane extends ServerLane {
  readonly health: HealthMonitor;
  load(): number;
  status(): ServerStatus;
}

const heldSnapshot: ProgressSnapshot = {
  percent: 0,
  phase: "loading",
  label: phaseLabels.loading,
  etaMs: undefined,
  held: true,
};

/** Failures that say "the server is not there" rather than "the server refused or failed the job". */
function connectionLevel(error: unknown): boolean {
  if (isComfyError(error)) return ["UNREACHABLE", "TIMEOUT", "DISCONNECTED"].includes(error.comfyCode);
  return !isUserError(error);
}

/**
 * A ServerLane that knows whether its server is up. A job whose server stays down longer than the
 * grace period fails as LOST (so the job service queues it again and another server takes it); its
 * prompt is taken off that server once it is back, so the video is not made twice.
 */
export function createPoolLane(options: PoolLaneOptions): PoolLane {
  const { health, executor, comfy, now } = options;
  const log = options.logger.child({ server: options.name });
  const abandoned = new Set<string>();
  const gate = createWaitingGate();
  let inFlight = 0;

  function lost(promptId: string | undefined, cause?: unknown): ComfyError {
    const downForMs = health.downSince === undefined ? 0 : now() - health.downSince;
    return new ComfyError("LOST", { cause, diagnostics: { server: options.name, promptId, downForMs } });
  }

  function abandon(promptId: string | undefined) {
    if (promptId) abandoned.add(promptId);
  }

  const ours = () => options.leaseHeld?.() ?? true;
  // Once the lease is gone another bot follows our prompts: taking one off would end its job.
  const takeOff = (promptId: string) =>
    ours() ? takePromptOff(comfy, promptId) : Promise.reject(new LeaseLostError());

  health.onChange((up) => {
    if (!up || abandoned.size === 0 || !ours()) return;
    const promptIds = [...abandoned];
    abandoned.clear();
    void Promise.all(promptIds.map((promptId) => takeOff(promptId).catch(() => abandon(promptId)))).then(() =>
      log.info({ promptIds }, "took prompts we gave up on off the server"),
    );
  });

  async function guarded(mode: "execute" | "resume", job: JobRecord, hooks: ExecHooks): Promise<JobResult> {
    hooks.signal.throwIfAborted();
    if (!health.up && !(await health.waitUp(options.downGraceMs, hooks.signal))) {
      if (mode === "resume") throw lost(job.promptId);
      throw new ComfyError("UNREACHABLE", { diagnostics: { server: options.name, reason: "server down" } });
    }
    const inner = new AbortController();
    const relay = () => inner.abort(hooks.signal.reason);
    hooks.signal.addEventListener("abort", relay, { once: true });
    let promptId = mode === "resume" ? job.promptId : undefined;
    let startedAt: number | undefined;
    // A resumed prompt may still wait in ComfyUI's queue: it holds the waiting spot until it starts.
    let leaveGate: (() => void) | undefined = mode === "resume" ? gate.occupy() : undefined;
    const innerHooks: ExecHooks = {
      signal: inner.signal,
      beforeSubmit: async (signal) => {
        // Held back behind one of ours that waits in ComfyUI's queue: say so rather than a stale position.
        if (gate.waiting > 0) hooks.progress({ ...heldSnapshot, percent: job.progress?.percent ?? 0 });
        leaveGate = await gate.enter(signal);
      },
      started: () => {
        leaveGate?.();
        hooks.started?.();
      },
      preview: (image) => hooks.preview?.(image),
      submitted: async (id, server) => {
        promptId = id;
        await hooks.submitted(id, server);
      },
      progress: (snapshot) => {
        if (startedAt === undefined && snapshot.etaMs !== undefined) startedAt = now();
        hooks.progress(snapshot);
      },
    };
    const downtime: DowntimeWatch = watchDowntime({
      health,
      graceMs: options.downGraceMs,
      scheduler: options.scheduler,
      now,
      error: () => lost(promptId),
    });
    inFlight += 1;
    const work = mode === "execute" ? executor.execute(job, innerHooks) : executor.resume(job, innerHooks);
    work.catch(() => undefined);
    try {
      const result = await Promise.race([work, downtime.expired]);
      if (startedAt !== undefined) options.times.record(now() - startedAt);
      return result;
    } catch (error) {
      if (downtime.fired) {
        log.warn({ jobId: job.id, promptId }, "server down too long; the job will run elsewhere");
        inner.abort(error);
        abandon(promptId);
        throw error;
      }
      if (hooks.signal.aborted || !connectionLevel(error) || (await health.check())) throw error;
      abandon(promptId);
      throw lost(promptId, error);
    } finally {
      leaveGate?.();
      inFlight -= 1;
      downtime.stop();
      hooks.signal.removeEventListener("abort", relay);
    }
  }

  return {
    name: options.name,
    slots: options.pipelining ? 2 : 1,
    health,
    execute: (job, hooks) => guarded("execute", job, hooks),
    resume: (job, hooks) => guarded("resume", job, hooks),
    ...(options.shrink ? { shrink: options.shrink } : {}),
    async cancel(job) {
      if (!ours()) throw new LeaseLostError();
      if (!job.promptId) return "deleted_from_server";
      try {
        return await takeOff(job.promptId);
      } catch (error) {
        if (await health.check()) throw error;
        // It is taken off once the server is back; until then it cannot run anyway.
        abandon(job.promptId);
        return "interrupted";
      }
    },
    async othersQueued(ours) {
      if (!health.up) return health.last?.othersQueued ?? 0;
      try {
        const queue = await comfy.queue();
        return [...queue.running, ...queue.pending].filter(
          (item) => item.clientId !== comfy.clientId && !ours.has(item.promptId),
        ).length;
      } catch {
        return health.last?.othersQueued ?? 0;
      }
    },
    healthy: () => health.up,
    load: () => health.last?.othersQueued ?? 0,
    status() {
      const last = health.last;
      return {
        name: options.name,
        address: options.address,
        up: health.up,
        downSince: health.downSince,
        version: last?.version,
        gpus: health.up ? (last?.gpus ?? []) : [],
        queueDepth: health.up ? last?.queueDepth : undefined,
        ourJobs: inFlight,
      };
    },
  };
}
