import type { JobRecord } from "./job.js";
import type { ServerLane } from "./lane.js";
import type { CancelOutcome } from "./presenter.js";

/** A job on a server (or coming home from one) in this process. */
export interface Running {
  at: "running";
  lane: ServerLane;
  abort: AbortController;
  cancelled?: CancelOutcome;
  /** The server is done with it (the video is on our disk): its slot can take the next job. */
  released?: boolean;
}

/** Where a job this process holds is right now. */
export type Whereabouts =
  /** Stored, not yet in line: its message is being shown. */
  | { at: "admitted" }
  | { at: "waiting" }
  /** Pausing before another attempt after a transient failure; `stop` ends the pause for good. */
  | { at: "paused"; stop: () => void }
  | Running;

export interface LiveJob {
  job: JobRecord;
  where: Whereabouts;
}

/** The one map of jobs this process holds in memory, each with where it is. */
export class LiveJobs {
  private readonly jobs = new Map<string, LiveJob>();

  get(id: string): LiveJob | undefined {
    return this.jobs.get(id);
  }

  put(job: JobRecord, where: Whereabouts): void {
    this.jobs.set(job.id, { job, where });
  }

  /** Forgets a job; with `only`, only while it is still there (a later step may have moved it on). */
  drop(id: string, only?: Whereabouts): void {
    if (only && this.jobs.get(id)?.where !== only) return;
    this.jobs.delete(id);
  }

  count(at: Whereabouts["at"]): number {
    return this.all().filter((l) => l.where.at === at).length;
  }

  running(): { job: JobRecord; where: Running }[] {
    return this.all().flatMap((l) => (l.where.at === "running" ? [{ job: l.job, where: l.where }] : []));
  }

  paused(): { job: JobRecord; stop: () => void }[] {
    return this.all().flatMap((l) => (l.where.at === "paused" ? [{ job: l.job, stop: l.where.stop }] : []));
  }

  /** Our jobs holding a slot on `lane`. */
  onLane(lane: ServerLane): number {
    return this.running().filter((r) => r.where.lane === lane && !r.where.released).length;
  }

  /**
   * A user's jobs that still hold or wait for a GPU: in our queue, being shown, pausing before a retry,
   * sent to ComfyUI (waiting there behind other clients' prompts) or running. Delivery needs no GPU.
   */
  holdingGpu(userId: string): number {
    return this.all().filter(
      (l) => l.job.origin.userId === userId && !(l.where.at === "running" && l.where.released),
    ).length;
  }

  private all(): LiveJob[] {
    return [...this.jobs.values()];
  }
}
