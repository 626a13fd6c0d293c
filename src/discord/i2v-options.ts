import type { ChatInputCommandInteraction } from "discord.js";
import { z } from "zod";
import { UserError } from "../errors.js";
import { ASPECTS, RESOLUTION_TIERS } from "../workflow/resolution.js";

export const aspectChoices = ["auto", ...ASPECTS] as const;

/** The /i2v options as Discord delivers them (null when left out), parsed once at the boundary. */
const optionsSchema = z.object({
  prompt: z.string().trim().min(1, "The prompt is empty; describe the motion you want."),
  lora: z.string().trim().min(1).max(100).nullable(),
  lora_strength: z.number().min(0).max(2).nullable(),
  duration: z.number().positive().nullable(),
  aspect: z.enum(aspectChoices).nullable(),
  resolution: z.enum(RESOLUTION_TIERS).nullable(),
  negative: z.string().trim().max(1500).nullable(),
  steps: z.number().int().nullable(),
  cfg: z.number().nullable(),
  seed: z.number().int().min(0).nullable(),
});
export type I2VOptions = z.infer<typeof optionsSchema>;

/**
 * A plain sentence per bad option (possible when the registered command is older than the bot), never
 * the validation library's wording.
 */
function optionSentence(issue: z.core.$ZodIssue): string {
  const name = String(issue.path[0] ?? "option");
  if (name === "prompt") return issue.message;
  if (issue.code === "too_big" || issue.code === "too_small") {
    return `The ${name} value is out of range. Please choose a value the command offers.`;
  }
  return `The ${name} value is not valid. Please choose a value the command offers.`;
}

export function readI2VOptions(interaction: ChatInputCommandInteraction): I2VOptions {
  const o = interaction.options;
  const parsed = optionsSchema.safeParse({
    prompt: o.getString("prompt", true),
    lora: o.getString("lora"),
    lora_strength: o.getNumber("lora_strength"),
    duration: o.getNumber("duration"),
    aspect: o.getString("aspect"),
    resolution: o.getString("resolution"),
    negative: o.getString("negative"),
    steps: o.getInteger("steps"),
    cfg: o.getNumber("cfg"),
    seed: o.getInteger("seed"),
  });
  if (!parsed.success) {
    throw new UserError("INVALID_OPTIONS", [...new Set(parsed.error.issues.map(optionSentence))].join(" "));
  }
  return parsed.data;
}
