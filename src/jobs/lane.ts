import type { ShrinkSettings } from "../media/shrink-size.js";
import type { JobRecord, JobResult } from "./job.js";
import type { CancelOutcome } from "./presenter.js";
import type { ProgressSnapshot } from "./progress.js";

export interface ExecHooks {
  signal: AbortSignal;
  /** The prompt id is chosen; the job is (about to be) in the server's queue. */
  submitted(promptId: string, server: string): Promise<void>;
  progress(snapshot: ProgressSnapshot): void;
  /** ComfyUI began running our prompt (it no longer waits in the server's queue). */
  started?(): void;
  /** The latest live preview frame ComfyUI sent (when the server sends previews). */
  preview?(image: PreviewImage): void;
  /** Called right before the prompt is handed to ComfyUI; may wait (at most one of ours waiting there). */
  beforeSubmit?(signal: AbortSignal): Promise<void>;
}

export interface PreviewImage {
  mime: "image/jpeg" | "image/png";
  data: Buffer;
}

/**
 * One ComfyUI server as the job service sees it: how to run a job there, how to follow one an earlier
 * process queued, how to take one out, and how busy it is with other clients' work.
 */
export interface ServerLane {
  name: string;
  /** Our jobs that may be on it at once: 1, or 2 with pipelining (one running, one waiting behind it). */
  slots: number;
  execute(job: JobRecord, hooks: ExecHooks): Promise<JobResult>;
  resume(job: JobRecord, hooks: ExecHooks): Promise<JobResult>;
  cancel(job: JobRecord): Promise<Exclude<CancelOutcome, "removed">>;
  /** Prompts on the server that are not ours (the Oelala web front end shares it). */
  othersQueued(ours: ReadonlySet<string>): Promise<number>;
  healthy(): boolean;
  /** Has the server write the job's finished video again, smaller; the file lands on our disk. */
  shrink?(
    job: JobRecord,
    settings: ShrinkSettings,
    signal: AbortSignal,
  ): Promise<{ path: string; size: number }>;
  /**
   * Prompts of other clients on the server, as of its last health check; the service adds its own jobs
   * there to choose the least-loaded server. Absent: 0.
   */
  load?(): number;
}
