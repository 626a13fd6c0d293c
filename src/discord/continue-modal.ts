import { type APIModalInteractionResponseCallbackData, ComponentType, TextInputStyle } from "discord.js";
import { z } from "zod";
import type { Config } from "../config.js";
import type { Locale } from "../i18n/locale.js";
import { t } from "../i18n/translate.js";
import type { JobRecord } from "../jobs/job.js";
import { I2V_LIMITS } from "../workflow/params.js";

export const continuePrefix = "continue";

/**
 * Who may answer: `own` (the Continue button, the video's maker only) or `any` (Animate with Oelala on a
 * result message, open to whoever may generate — it starts from a frame everyone can already see).
 */
export type ContinueVia = "own" | "any";

const argsSchema = z.union([
  z.tuple([z.uuid()]).transform(([jobId]) => ({ jobId, via: "own" as const })),
  z.tuple([z.uuid(), z.literal("any")]).transform(([jobId]) => ({ jobId, via: "any" as const })),
]);

/** `continue:<jobId>[:any]`, at most 49 characters. */
export function continueCustomId(jobId: string, via: ContinueVia): string {
  return via === "any" ? `${continuePrefix}:${jobId}:any` : `${continuePrefix}:${jobId}`;
}

/** The custom id's arguments after the prefix; anything else did not come from our button or modal. */
export function parseContinueArgs(args: readonly string[]): { jobId: string; via: ContinueVia } {
  const parsed = argsSchema.safeParse(args);
  if (!parsed.success) throw new Error("malformed continue id", { cause: parsed.error });
  return parsed.data;
}

/** The modal: the earlier prompt and duration prefilled, so "keep going" is one click on Submit. */
export function continueModal(
  earlier: JobRecord,
  via: ContinueVia,
  sampling: Config["sampling"],
  locale: Locale,
): APIModalInteractionResponseCallbackData {
  const seconds = String(earlier.params.durationSeconds);
  return {
    custom_id: continueCustomId(earlier.id, via),
    title: t(locale, "continue.title"),
    components: [
      {
        type: ComponentType.Label,
        label: t(locale, "animate.prompt.label"),
        description: t(locale, "animate.prompt.description"),
        component: {
          type: ComponentType.TextInput,
          custom_id: "prompt",
          style: TextInputStyle.Paragraph,
          required: true,
          min_length: 1,
          max_length: I2V_LIMITS.promptMaxChars,
          value: earlier.request.prompt.slice(0, I2V_LIMITS.promptMaxChars),
        },
      },
      {
        type: ComponentType.Label,
        label: t(locale, "animate.duration.label"),
        description: t(locale, "animate.duration.description", {
          default: t(locale, "unit.seconds", { count: earlier.params.durationSeconds }),
          max: t(locale, "unit.seconds", { count: sampling.maxDurationSeconds }),
        }),
        component: {
          type: ComponentType.TextInput,
          custom_id: "duration",
          style: TextInputStyle.Short,
          required: false,
          max_length: 12,
          value: seconds,
        },
      },
    ],
  };
}
