import { z } from "zod";
import { type JobRecord, jobStates } from "../jobs/job.js";
import type { Logger } from "../logger.js";
import { phases } from "../jobs/phases.js";
import { storedJobErrorSchema } from "./job-error-schema.js";
import { ASPECTS, RESOLUTION_TIERS } from "../workflow/resolution.js";

/** The version written with every job record; a reader knows what it is parsing. */
export const jobRecordVersion = 1;

const optionalString = z.string().optional();
const optionalNumber = z.number().optional();

const progressSchema = z
  .object({
    percent: z.number().min(0).max(100),
    phase: z.enum(phases),
    label: z.string(),
    etaMs: z.number().optional(),
  })
  // JSON drops an undefined ETA; the snapshot type keeps the key.
  .transform((p) => ({ ...p, etaMs: p.etaMs }));

const resultSchema = z.object({
  videoPath: z.string().min(1),
  size: z.number().int().nonnegative(),
  compactPath: optionalString,
  compactSize: optionalNumber,
  smaller: z
    .object({
      path: z.string().min(1),
      size: z.number().int().nonnegative(),
      width: z.number(),
      height: z.number(),
    })
    .optional(),
  lastFramePath: optionalString,
  seed: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  frames: z.number().int().positive(),
});

const paramsSchema = z.object({
  prompt: z.string(),
  negative: z.string(),
  lora: z.object({ high: optionalString, low: optionalString, strength: z.number() }).optional(),
  durationSeconds: z.number().positive(),
  aspect: z.enum(ASPECTS),
  resolution: z.enum(RESOLUTION_TIERS),
  fps: z.number().int().positive(),
  steps: z.number().int().positive(),
  cfg: z.number(),
  splitStep: z.number().int().nonnegative(),
  seed: z.number().int(),
});

/** Version 1: the JobRecord type as it is now. Unknown fields are dropped, missing ones refuse the record. */
export const jobRecordSchema = z.object({
  id: z.string().min(1),
  state: z.enum(jobStates),
  createdAt: z.number(),
  updatedAt: z.number(),
  origin: z.object({
    userId: z.string().min(1),
    guildId: optionalString,
    channelId: z.string().min(1),
    locale: optionalString,
    applicationId: optionalString,
    interactionToken: optionalString,
    interactionAt: optionalNumber,
    messageId: optionalString,
    inputAttachmentId: optionalString,
    attachmentSizeLimit: z.number().int().positive(),
  }),
  request: z.object({
    prompt: z.string(),
    negative: optionalString,
    lora: z
      .object({ label: z.string(), high: optionalString, low: optionalString, strength: z.number() })
      .optional(),
    durationSeconds: z.number().positive(),
    aspect: z.string(),
    resolution: z.string(),
    steps: optionalNumber,
    cfg: optionalNumber,
    seed: optionalNumber,
  }),
  imagePath: z.string().min(1),
  params: paramsSchema,
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  server: optionalString,
  promptId: optionalString,
  attempts: z.number().int().nonnegative(),
  progress: progressSchema.optional(),
  result: resultSchema.optional(),
  resultMessageId: optionalString,
  continues: z.object({ jobId: z.string().min(1), messageUrl: optionalString }).optional(),
  error: storedJobErrorSchema.optional(),
});

/**
 * Reads a stored job of any version this code knows. Version 0 is the record the keyv store wrote (the
 * same shape without a version); a newer version than this code knows, or a record that does not parse,
 * is refused with a log line and treated as absent, never trusted by a cast.
 */
export function parseStoredJob(
  version: number,
  data: unknown,
  logger: Logger | undefined,
  where: string,
): JobRecord | undefined {
  if (version > jobRecordVersion || version < 0) {
    logger?.error({ where, version }, "job record from a newer version of the bot; left alone");
    return undefined;
  }
  const parsed = jobRecordSchema.safeParse(data);
  if (!parsed.success) {
    logger?.error({ where, version, problems: z.prettifyError(parsed.error) }, "job record refused");
    return undefined;
  }
  const job: JobRecord = parsed.data;
  return job;
}
