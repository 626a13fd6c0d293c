import { z } from "zod";
import type { Config } from "../config.js";
import { UserError } from "../errors.js";
import { cleanUserText } from "./user-text.js";
import { ASPECTS, RESOLUTION_TIERS, type Aspect, type ResolutionTier } from "./resolution.js";

export { aspectFromSize } from "./resolution.js";

/** Bounds shared by every surface (slash-command option limits read these too). */
export const I2V_LIMITS = {
  promptMaxChars: 1500,
  loraStrengthMax: 2,
  fpsMax: 60,
  stepsMax: 100,
  cfgMax: 30,
  seedMax: Number.MAX_SAFE_INTEGER,
} as const;

export const DEFAULT_ASPECT: Aspect = "16:9";
export const DEFAULT_RESOLUTION: ResolutionTier = "480p";

/** Everything one image-to-video job needs, with every default filled in. */
export interface I2VParams {
  /** The LoadImage file name on the ComfyUI server (`name` or `subfolder/name`). */
  image: string;
  prompt: string;
  negative: string;
  lora?: { high?: string; low?: string; strength: number };
  durationSeconds: number;
  aspect: Aspect;
  resolution: ResolutionTier;
  fps: number;
  steps: number;
  cfg: number;
  /** The step where the high-noise expert hands over to the low-noise expert. */
  splitStep: number;
  seed: number;
}

/** Discord sends `null` for an option the user left out; the CLI may send "". */
const absent = (v: unknown) => (v === null || v === "" ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(absent, schema.optional());
const wholeNumber = (what: string, min: number, max: number) =>
  optional(
    z.coerce
      .number({ error: `${what} must be a number.` })
      .min(min, { error: `${what} must be from ${min} to ${max}.`, abort: true })
      .max(max, { error: `${what} must be from ${min} to ${max}.`, abort: true })
      .int(`${what} must be a whole number.`),
  );
const loraName = optional(z.string().trim().min(1).max(255, "A LoRA name is at most 255 characters."));

const loraSchema = z
  .object({
    high: loraName,
    low: loraName,
    strength: z.preprocess(
      absent,
      z.coerce
        .number({ error: "The LoRA strength must be a number." })
        .min(0, `The LoRA strength must be from 0 to ${I2V_LIMITS.loraStrengthMax}.`)
        .max(I2V_LIMITS.loraStrengthMax, `The LoRA strength must be from 0 to ${I2V_LIMITS.loraStrengthMax}.`)
        .default(1),
    ),
  })
  .refine((l) => l.high !== undefined || l.low !== undefined, {
    error: "Choose a LoRA for the high-noise pass, the low-noise pass, or both.",
  });

/** The one input schema behind `parseI2VParams`; optional fields fall back to the configured defaults. */
export const i2vInputSchema = z.strictObject({
  image: z
    .string({ error: "The image is missing." })
    .trim()
    .min(1, "The image is missing.")
    .max(512, "The image file name is too long."),
  prompt: z.preprocess(
    (v) => (typeof v === "string" ? cleanUserText(v) : v),
    z
      .string({ error: "Write a prompt that describes the motion you want." })
      .trim()
      .min(1, "The prompt is empty; describe the motion you want.")
      .max(
        I2V_LIMITS.promptMaxChars,
        `The prompt is too long (at most ${I2V_LIMITS.promptMaxChars} characters).`,
      ),
  ),
  negative: z.preprocess(
    (v) => (typeof v === "string" ? cleanUserText(v) : v),
    z
      .string({ error: "The negative prompt must be text." })
      .trim()
      .max(
        I2V_LIMITS.promptMaxChars,
        `The negative prompt is too long (at most ${I2V_LIMITS.promptMaxChars} characters).`,
      )
      .optional(),
  ),
  lora: z.preprocess(absent, loraSchema.optional()),
  durationSeconds: optional(
    z.coerce
      .number({ error: "The duration must be a number of seconds." })
      .positive("The duration must be more than 0 seconds."),
  ),
  aspect: optional(z.enum(ASPECTS, { error: `The aspect ratio must be one of ${ASPECTS.join(", ")}.` })),
  resolution: optional(
    z.enum(RESOLUTION_TIERS, { error: `The resolution must be one of ${RESOLUTION_TIERS.join(", ")}.` }),
  ),
  fps: wholeNumber("The frame rate", 1, I2V_LIMITS.fpsMax),
  steps: wholeNumber("The number of steps", 2, I2V_LIMITS.stepsMax),
  cfg: optional(
    z.coerce
      .number({ error: "The CFG scale must be a number." })
      .min(0, `The CFG scale must be from 0 to ${I2V_LIMITS.cfgMax}.`)
      .max(I2V_LIMITS.cfgMax, `The CFG scale must be from 0 to ${I2V_LIMITS.cfgMax}.`),
  ),
  splitStep: wholeNumber("The split step", 1, I2V_LIMITS.stepsMax - 1),
  seed: wholeNumber("The seed", 0, I2V_LIMITS.seedMax),
});
export type I2VInput = z.input<typeof i2vInputSchema>;

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") return `Unknown option: ${issue.keys.join(", ")}.`;
  if (issue.path.length === 0 && issue.code === "invalid_type") return "The options must be an object.";
  if (issue.path[0] === "lora" && issue.code === "invalid_type") {
    return issue.path.length === 1 ? "The LoRA choice must be an object." : "A LoRA name must be text.";
  }
  return issue.message;
}

/** A seed in 0..2^53−1 from a `[0, 1)` source. */
export function randomSeed(random: () => number = Math.random): number {
  return Math.min(I2V_LIMITS.seedMax, Math.max(0, Math.floor(random() * 2 ** 53)));
}

/** With only `steps` changed, keep the hand-over at the same fraction of the schedule. */
function defaultSplitStep(steps: number, stepsGiven: boolean, sampling: Config["sampling"]): number {
  if (!stepsGiven) return sampling.splitStep;
  const scaled = Math.round((steps * sampling.splitStep) / sampling.steps);
  return Math.min(steps - 1, Math.max(1, scaled));
}

/**
 * Parses job options from any surface, fills defaults from the configuration, and throws one
 * `UserError` (code `INVALID_PARAMS`) whose message has one sentence per problem.
 */
export function parseI2VParams(
  input: unknown,
  sampling: Config["sampling"],
  options: { random?: () => number } = {},
): I2VParams {
  const parsed = i2vInputSchema.safeParse(input);
  if (!parsed.success) {
    const sentences = [...new Set(parsed.error.issues.map(describeIssue))];
    throw new UserError("INVALID_PARAMS", sentences.join(" "), { cause: parsed.error });
  }
  const given = parsed.data;
  const steps = given.steps ?? sampling.steps;
  const splitStep = given.splitStep ?? defaultSplitStep(steps, given.steps !== undefined, sampling);
  const durationSeconds = given.durationSeconds ?? sampling.defaultDurationSeconds;

  const problems: string[] = [];
  if (durationSeconds > sampling.maxDurationSeconds) {
    problems.push(`The duration can be at most ${sampling.maxDurationSeconds} seconds.`);
  }
  if (splitStep >= steps) {
    problems.push(`The split step (${splitStep}) must be lower than the number of steps (${steps}).`);
  }
  if (problems.length > 0) throw new UserError("INVALID_PARAMS", problems.join(" "));

  return {
    image: given.image,
    prompt: given.prompt,
    negative: given.negative ?? sampling.negativePrompt,
    ...(given.lora ? { lora: given.lora } : {}),
    durationSeconds,
    aspect: given.aspect ?? DEFAULT_ASPECT,
    resolution: given.resolution ?? DEFAULT_RESOLUTION,
    fps: given.fps ?? sampling.fps,
    steps,
    cfg: given.cfg ?? sampling.cfg,
    splitStep,
    seed: given.seed ?? randomSeed(options.random),
  };
}
