import {
  type APIModalInteractionResponseCallbackData,
  ComponentType,
  type ModalSubmitInteraction,
  TextInputStyle,
} from "discord.js";
import { z } from "zod";
import type { Config } from "../config.js";
import { problemsError } from "../errors.js";
import { issueMessage, messageOfIssue } from "../i18n/issue-message.js";
import type { Locale } from "../i18n/locale.js";
import { type Message, t } from "../i18n/translate.js";
import { I2V_LIMITS } from "../workflow/params.js";

export const animatePrefix = "animate";
const promptField = "prompt";
const durationField = "duration";

/** The message whose picture the modal animates; the modal submission itself does not carry it. */
export interface AnimateTarget {
  channelId: string;
  messageId: string;
}

const snowflake = z.string().regex(/^\d{1,20}$/);
const targetSchema = z.tuple([snowflake, snowflake]);

/** `animate:<channelId>:<messageId>`: at most 49 characters, well under Discord's 100. */
export function animateCustomId(target: AnimateTarget): string {
  return `${animatePrefix}:${target.channelId}:${target.messageId}`;
}

/** The custom id's arguments after the prefix; anything else did not come from our modal. */
export function parseAnimateTarget(args: readonly string[]): AnimateTarget {
  const parsed = targetSchema.safeParse(args);
  if (!parsed.success) throw new Error("malformed animate modal id", { cause: parsed.error });
  const [channelId, messageId] = parsed.data;
  return { channelId, messageId };
}

const seconds = (locale: Locale, count: number) => t(locale, "unit.seconds", { count });

export function animateModal(
  target: AnimateTarget,
  sampling: Config["sampling"],
  locale: Locale = "en",
): APIModalInteractionResponseCallbackData {
  return {
    custom_id: animateCustomId(target),
    title: t(locale, "animate.title"),
    components: [
      {
        type: ComponentType.Label,
        label: t(locale, "animate.prompt.label"),
        description: t(locale, "animate.prompt.description"),
        component: {
          type: ComponentType.TextInput,
          custom_id: promptField,
          style: TextInputStyle.Paragraph,
          required: true,
          min_length: 1,
          max_length: I2V_LIMITS.promptMaxChars,
          placeholder: t(locale, "animate.prompt.placeholder"),
        },
      },
      {
        type: ComponentType.Label,
        label: t(locale, "animate.duration.label"),
        description: t(locale, "animate.duration.description", {
          default: seconds(locale, sampling.defaultDurationSeconds),
          max: seconds(locale, sampling.maxDurationSeconds),
        }),
        component: {
          type: ComponentType.TextInput,
          custom_id: durationField,
          style: TextInputStyle.Short,
          required: false,
          max_length: 12,
          placeholder: String(sampling.defaultDurationSeconds),
        },
      },
    ],
  };
}

export interface AnimateFields {
  prompt: string;
  /** Undefined when left empty: the configured default applies. */
  durationSeconds: number | undefined;
}

const fieldsSchema = z.object({
  prompt: z
    .string()
    .trim()
    .min(1, issueMessage("param.promptEmpty"))
    .max(I2V_LIMITS.promptMaxChars, issueMessage("param.promptTooLong", { max: I2V_LIMITS.promptMaxChars })),
  duration: z.string().trim().optional(),
});

/** "3", "2.5", "2,5", "3s" or "3 seconds". */
const durationPattern = /^(\d{1,4}(?:[.,]\d{1,3})?)\s*(?:s|secs?|seconds?)?$/i;

function parseDuration(text: string | undefined, sampling: Config["sampling"]): number | undefined {
  if (text === undefined || text === "") return undefined;
  const max = sampling.maxDurationSeconds;
  const min = Math.min(1, max);
  const match = durationPattern.exec(text);
  const value = match?.[1] === undefined ? Number.NaN : Number(match[1].replace(",", "."));
  if (!(value >= min && value <= max)) {
    throw problemsError("error.INVALID_OPTIONS", [
      { key: "param.durationRange", params: { min, max, example: sampling.defaultDurationSeconds } },
    ]);
  }
  return value;
}

function textValue(interaction: ModalSubmitInteraction, customId: string): string | undefined {
  const field = interaction.fields.fields.get(customId);
  return field?.type === ComponentType.TextInput ? field.value : undefined;
}

/** The modal's answers, checked before anything is shown in the channel. */
export function readAnimateFields(
  interaction: ModalSubmitInteraction,
  sampling: Config["sampling"],
): AnimateFields {
  const parsed = fieldsSchema.safeParse({
    prompt: textValue(interaction, promptField) ?? "",
    duration: textValue(interaction, durationField),
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue): Message =>
        messageOfIssue(issue) ?? { key: "option.notValid", params: { name: String(issue.path[0]) } },
    );
    throw problemsError("error.INVALID_OPTIONS", problems);
  }
  return {
    prompt: parsed.data.prompt,
    durationSeconds: parseDuration(parsed.data.duration, sampling),
  };
}
