import type { JobRecord, JobRequest } from "../jobs/job.js";
import { prepareInput } from "../jobs/prepare-input.js";
import { parseI2VParams } from "../workflow/params.js";
import { cleanUserText } from "../workflow/user-text.js";
import type { Aspect, ResolutionTier } from "../workflow/resolution.js";
import type { BotContext } from "./context.js";
import { type JobInteraction, originOf, showInReply } from "./job-interaction.js";
import { startJob } from "./start-job.js";

/** What the user asked for, as the surface read it; anything left out takes the configured default. */
export interface I2VJobInput {
  /** The downloaded picture, not yet checked or resized. */
  bytes: Buffer;
  prompt: string;
  negative?: string | undefined;
  lora?: JobRequest["lora"];
  durationSeconds?: number | undefined;
  aspect?: Aspect | "auto" | undefined;
  resolution?: ResolutionTier | undefined;
  steps?: number | undefined;
  cfg?: number | undefined;
  seed?: number | undefined;
}

/**
 * The one image-to-video pipeline behind every surface: prepare the picture, check the parameters,
 * then show the job in the interaction's (already deferred) reply and queue it.
 */
export async function createI2VJob(
  ctx: BotContext,
  interaction: JobInteraction,
  input: I2VJobInput,
): Promise<JobRecord> {
  const durationSeconds = input.durationSeconds ?? ctx.config.sampling.defaultDurationSeconds;
  const resolution = input.resolution ?? "480p";
  const aspect = input.aspect ?? "auto";
  const prepared = await prepareInput(input.bytes, { aspect, resolution });
  const lora = input.lora;
  const { image: _image, ...params } = parseI2VParams(
    {
      image: "pending",
      prompt: input.prompt,
      negative: input.negative,
      lora: lora ? { high: lora.high, low: lora.low, strength: lora.strength } : undefined,
      durationSeconds,
      aspect: prepared.aspect,
      resolution,
      steps: input.steps,
      cfg: input.cfg,
      seed: input.seed,
    },
    ctx.config.sampling,
  );

  return startJob(
    ctx,
    {
      origin: originOf(interaction),
      request: {
        prompt: params.prompt,
        negative: input.negative === undefined ? undefined : cleanUserText(input.negative),
        lora,
        durationSeconds: params.durationSeconds,
        aspect,
        resolution,
        steps: input.steps,
        cfg: input.cfg,
        seed: input.seed,
      },
      params,
      png: prepared.png,
      width: prepared.width,
      height: prepared.height,
    },
    showInReply(interaction),
  );
}
