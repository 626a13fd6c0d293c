import type { ChatInputCommandInteraction } from "discord.js";
import { z } from "zod";
import { problemsError } from "../errors.js";
import { issueMessage, messageOfIssue } from "../i18n/issue-message.js";
import type { Message } from "../i18n/translate.js";
import { ASPECTS, RESOLUTION_TIERS } from "../workflow/resolution.js";

export const aspectChoices = ["auto", ...ASPECTS] as const;

/** The /i2v options as Discord delivers them (null when left out), parsed once at the boundary. */
const optionsSchema = z.object({
  prompt: z.string().trim().min(1, issueMessage("param.promptEmpty")),
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
function optionProblem(issue: z.core.$ZodIssue): Message {
  const name = String(issue.path[0] ?? "option");
  const own = messageOfIssue(issue);
  if (own) return own;
  if (issue.code === "too_big" || issue.code === "too_small")
    return { key: "option.outOfRange", params: { name } };
  return { key: "option.notValid", params: { name } };
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
    throw problemsError("error.INVALID_OPTIONS", parsed.error.issues.map(optionProblem));
  }
  return parsed.data;
}
