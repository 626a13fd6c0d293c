import { z } from "zod";
import type { Config } from "../config.js";
import { problemsError } from "../errors.js";
import { issueMessage, messageOfIssue } from "../i18n/issue-message.js";
import type { Message } from "../i18n/translate.js";
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
/** The three sentences of a whole-number option: `param.fpsNotNumber`, `param.fpsRange`, `param.fpsNotWhole`. */
type WholeNumberOption = "fps" | "steps" | "split" | "seed";
const wholeNumber = (what: WholeNumberOption, min: number, max: number) =>
  optional(
    z.coerce
      .number({ error: issueMessage(`param.${what}NotNumber`) })
      .min(min, { error: issueMessage(`param.${what}Range`, { min, max }), abort: true })
      .max(max, { error: issueMessage(`param.${what}Range`, { min, max }), abort: true })
      .int(issueMessage(`param.${what}NotWhole`)),
  );
const loraName = optional(
  z
    .string({ error: issueMessage("param.loraNameNotText") })
    .trim()
    .min(1)
    .max(255, issueMessage("param.loraNameTooLong", { max: 255 })),
);

const loraStrengthRange = issueMessage("param.loraStrengthRange", {
  min: 0,
  max: I2V_LIMITS.loraStrengthMax,
});
const cfgRange = issueMessage("param.cfgRange", { min: 0, max: I2V_LIMITS.cfgMax });

const loraSchema = z
  .object({
    high: loraName,
    low: loraName,
    strength: z.preprocess(
      absent,
      z.coerce
        .number({ error: issueMessage("param.loraStrengthNotNumber") })
        .min(0, loraStrengthRange)
        .max(I2V_LIMITS.loraStrengthMax, loraStrengthRange)
        .default(1),
    ),
  })
  .refine((l) => l.high !== undefined || l.low !== undefined, {
    error: issueMessage("param.loraNone"),
  });

/** The one input schema behind `parseI2VParams`; optional fields fall back to the configured defaults. */
export const i2vInputSchema = z.strictObject({
  image: z
    .string({ error: issueMessage("param.imageMissing") })
    .trim()
    .min(1, issueMessage("param.imageMissing"))
    .max(512, issueMessage("param.imageNameTooLong")),
  prompt: z.preprocess(
    (v) => (typeof v === "string" ? cleanUserText(v) : v),
    z
      .string({ error: issueMessage("param.promptMissing") })
      .trim()
      .min(1, issueMessage("param.promptEmpty"))
      .max(
        I2V_LIMITS.promptMaxChars,
        issueMessage("param.promptTooLong", { max: I2V_LIMITS.promptMaxChars }),
      ),
  ),
  negative: z.preprocess(
    (v) => (typeof v === "string" ? cleanUserText(v) : v),
    z
      .string({ error: issueMessage("param.negativeNotText") })
      .trim()
      .max(
        I2V_LIMITS.promptMaxChars,
        issueMessage("param.negativeTooLong", { max: I2V_LIMITS.promptMaxChars }),
      )
      .optional(),
  ),
  lora: z.preprocess(absent, loraSchema.optional()),
  durationSeconds: optional(
    z.coerce
      .number({ error: issueMessage("param.durationNotNumber") })
      .positive(issueMessage("param.durationNotPositive")),
  ),
  aspect: optional(
    z.enum(ASPECTS, { error: issueMessage("param.aspectUnknown", { list: ASPECTS.join(", ") }) }),
  ),
  resolution: optional(
    z.enum(RESOLUTION_TIERS, {
      error: issueMessage("param.resolutionUnknown", { list: RESOLUTION_TIERS.join(", ") }),
    }),
  ),
  fps: wholeNumber("fps", 1, I2V_LIMITS.fpsMax),
  steps: wholeNumber("steps", 2, I2V_LIMITS.stepsMax),
  cfg: optional(
    z.coerce
      .number({ error: issueMessage("param.cfgNotNumber") })
      .min(0, cfgRange)
      .max(I2V_LIMITS.cfgMax, cfgRange),
  ),
  splitStep: wholeNumber("split", 1, I2V_LIMITS.stepsMax - 1),
  seed: wholeNumber("seed", 0, I2V_LIMITS.seedMax),
});

function describeIssue(issue: z.core.$ZodIssue): Message {
  if (issue.code === "unrecognized_keys") {
    return { key: "param.unknownOption", params: { names: issue.keys.join(", ") } };
  }
  if (issue.path.length === 0 && issue.code === "invalid_type")
    return { key: "param.optionsNotObject", params: {} };
  if (issue.path[0] === "lora" && issue.code === "invalid_type") {
    return issue.path.length === 1
      ? { key: "param.loraNotObject", params: {} }
      : { key: "param.loraNameNotText", params: {} };
  }
  return messageOfIssue(issue) ?? { key: "option.notValid", params: { name: issue.path.join(".") } };
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
    throw problemsError("error.INVALID_PARAMS", parsed.error.issues.map(describeIssue), parsed.error);
  }
  const given = parsed.data;
  const steps = given.steps ?? sampling.steps;
  const splitStep = given.splitStep ?? defaultSplitStep(steps, given.steps !== undefined, sampling);
  const durationSeconds = given.durationSeconds ?? sampling.defaultDurationSeconds;

  const problems: Message[] = [];
  if (durationSeconds > sampling.maxDurationSeconds) {
    problems.push({ key: "param.durationTooLong", params: { max: sampling.maxDurationSeconds } });
  }
  if (splitStep >= steps)
    problems.push({ key: "param.splitAfterSteps", params: { split: splitStep, steps } });
  if (problems.length > 0) throw problemsError("error.INVALID_PARAMS", problems);

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
