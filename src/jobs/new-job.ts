import { readFile } from "node:fs/promises";
import type { Config } from "../config.js";
import { parseI2VParams, randomSeed } from "../workflow/params.js";
import type { Aspect, ResolutionTier } from "../workflow/resolution.js";
import { cleanUserText } from "../workflow/user-text.js";
import type { NewJob } from "./create-job.js";
import type { JobRecord, JobRequest } from "./job.js";
import { fitStartImage } from "./start-image.js";

/** A new job but for where it was asked (its origin), which the surface adds. */
export type JobDraft = Omit<NewJob, "origin">;

/**
 * What the user asked for, as the surface read it (a slash command, Animate, the CLI's arguments);
 * anything left out takes the configured default.
 */
export interface I2VJobInput {
  /** The picture as received (downloaded, read from disk), not yet checked or resized. */
  bytes: Buffer;
  /** Crop the picture to the aspect (default) or pad it. */
  fit?: "cover" | "pad" | undefined;
  prompt: string;
  negative?: string | undefined;
  lora?: JobRequest["lora"];
  durationSeconds?: number | undefined;
  aspect?: Aspect | "auto" | undefined;
  resolution?: ResolutionTier | undefined;
  steps?: number | undefined;
  cfg?: number | undefined;
  seed?: number | undefined;
  fps?: number | undefined;
}

/** A job from a picture and a prompt (/i2v, Animate, the CLI): the picture prepared, the parameters checked. */
export async function draftI2VJob(input: I2VJobInput, sampling: Config["sampling"]): Promise<JobDraft> {
  const durationSeconds = input.durationSeconds ?? sampling.defaultDurationSeconds;
  const resolution = input.resolution ?? "480p";
  const aspect = input.aspect ?? "auto";
  const prepared = await fitStartImage(input.bytes, { aspect, resolution, fit: input.fit ?? "cover" });
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
      fps: input.fps,
    },
    sampling,
  );
  return {
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
  };
}

/**
 * The same job again (Again) or with a new seed (Reroll), from the earlier job's kept picture;
 * undefined when that picture is no longer kept.
 */
export async function draftRerun(earlier: JobRecord, newSeed: boolean): Promise<JobDraft | undefined> {
  const png = await readFile(earlier.imagePath).catch(() => undefined);
  if (!png) return undefined;
  const seed = newSeed ? randomSeed() : earlier.params.seed;
  return {
    request: { ...earlier.request, seed },
    params: { ...earlier.params, seed },
    png,
    width: earlier.width,
    height: earlier.height,
  };
}

/**
 * A job that continues an earlier video from its last frame, with its settings and LoRA, a new prompt
 * and a new seed; undefined when that frame is no longer kept.
 */
export async function draftContinuation(
  earlier: JobRecord & { result: { lastFramePath: string } },
  changes: { prompt: string; durationSeconds?: number | undefined },
  messageUrl: string | undefined,
): Promise<JobDraft | undefined> {
  const png = await readFile(earlier.result.lastFramePath).catch(() => undefined);
  if (!png) return undefined;
  const durationSeconds = changes.durationSeconds ?? earlier.params.durationSeconds;
  const changed = { prompt: changes.prompt, durationSeconds, seed: randomSeed() };
  return {
    request: { ...earlier.request, ...changed },
    params: { ...earlier.params, ...changed },
    png,
    width: earlier.width,
    height: earlier.height,
    continues: { jobId: earlier.id, messageUrl },
  };
}
