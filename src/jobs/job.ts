import type { ErrorKey } from "../i18n/catalogs.js";
import type { Message } from "../i18n/translate.js";
import type { I2VParams } from "../workflow/params.js";
import type { ProgressSnapshot } from "./progress.js";

export const jobStates = [
  "queued",
  "preparing",
  "submitted",
  "running",
  "delivering",
  "done",
  "failed",
  "cancelled",
] as const;
export type JobState = (typeof jobStates)[number];

export const finalStates: ReadonlySet<JobState> = new Set(["done", "failed", "cancelled"]);

/** Why a job failed: a catalog key and its values (rendered where shown), and the log reference. */
export type JobError = Message<ErrorKey> & { detail?: string | undefined; correlationId: string };

/** What the user asked for, in the words of the Discord options (kept for Reroll/Again and the embed). */
export interface JobRequest {
  prompt: string;
  negative?: string | undefined;
  lora?: { label: string; high?: string | undefined; low?: string | undefined; strength: number } | undefined;
  durationSeconds: number;
  aspect: string;
  resolution: string;
  steps?: number | undefined;
  cfg?: number | undefined;
  seed?: number | undefined;
}

/** Where a job's messages live, so any process can find them again. */
export interface JobOrigin {
  userId: string;
  guildId?: string | undefined;
  channelId: string;
  locale?: string | undefined;
  applicationId?: string | undefined;
  /** The interaction token; valid for 15 minutes from `interactionAt`. Never logged. */
  interactionToken?: string | undefined;
  interactionAt?: number | undefined;
  messageId?: string | undefined;
  /** The id of the input picture attached to the job's message: edits keep it by id (thumbnail). */
  inputAttachmentId?: string | undefined;
  /** The upload limit Discord gave this interaction, in bytes. */
  attachmentSizeLimit: number;
}

export interface JobResult {
  videoPath: string;
  size: number;
  compactPath?: string | undefined;
  compactSize?: number | undefined;
  /** Written again smaller on ComfyUI when neither encode fitted the channel and no link could be sent. */
  smaller?: { path: string; size: number; width: number; height: number } | undefined;
  /** The video's last frame as ComfyUI saved it, kept so the video can be continued. */
  lastFramePath?: string | undefined;
  seed: number;
  width: number;
  height: number;
  frames: number;
}

export interface JobRecord {
  id: string;
  state: JobState;
  createdAt: number;
  updatedAt: number;
  origin: JobOrigin;
  request: JobRequest;
  /** The prepared input PNG on disk (already cropped to the target size). */
  imagePath: string;
  /** Every workflow parameter but the server-side image name, which each upload decides. */
  params: Omit<I2VParams, "image">;
  width: number;
  height: number;
  server?: string | undefined;
  promptId?: string | undefined;
  attempts: number;
  progress?: ProgressSnapshot | undefined;
  result?: JobResult | undefined;
  /** The channel message that carries the finished video and its Reroll/Again buttons. */
  resultMessageId?: string | undefined;
  /** The earlier video this job continues from its last frame. */
  continues?: { jobId: string; messageUrl?: string | undefined } | undefined;
  error?: JobError | undefined;
}
