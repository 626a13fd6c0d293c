import type { DeliveryPlan } from "./delivery-plan.js";
import type { Message } from "../i18n/translate.js";
import type { JobRecord } from "./job.js";
import type { PreviewImage } from "./lane.js";
import type { ProgressSnapshot } from "./progress.js";

export type CancelOutcome = "removed" | "deleted_from_server" | "interrupted";

/** How a finished video reached the user: uploaded (our copy can go) or linked (our copy is served). */
export type DeliveredHow = "attached" | "linked";

/**
 * How the core tells the outside world about a job. Discord implements it with messages, the CLI with
 * a terminal bar; the core knows neither.
 */
export interface JobPresenter {
  /** The job waits; `position` counts every prompt ahead of it, ours and other clients'. */
  queued(job: JobRecord, position: number): Promise<void>;
  /** Called on every progress event; the presenter decides what is worth showing. */
  progress(job: JobRecord, snapshot: ProgressSnapshot): void;
  /** The latest live preview frame; shown with the next progress update, never on its own. */
  preview?(job: JobRecord, image: PreviewImage): void;
  /**
   * `job.result` holds the video; `plan` is what the core chose to post. Says how it was delivered (an
   * upload the platform refuses falls back to a link), so the core knows which files to keep.
   */
  delivered(job: JobRecord, plan: DeliveryPlan): Promise<DeliveredHow | void>;
  /** `job.error` holds the failure's key, values and correlation id. */
  failed(job: JobRecord): Promise<void>;
  cancelled(job: JobRecord, outcome: CancelOutcome): Promise<void>;
  /** Something the user should know that is not progress (a retry after a server restart, …). */
  notice(job: JobRecord, message: Message): Promise<void>;
}
