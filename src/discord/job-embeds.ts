import { escapeUserMarkdown } from "./user-markdown.js";
import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  ButtonStyle,
  ComponentType,
} from "discord.js";
import { type Locale, localeOf } from "../i18n/locale.js";
import { t } from "../i18n/translate.js";
import { errorText } from "../i18n/error-text.js";
import type { JobRecord } from "../jobs/job.js";
import type { ProgressSnapshot } from "../jobs/progress.js";
import { formatEta, progressBar } from "./progress-bar.js";

export const inputImageName = "input.png";

const colors = {
  waiting: 0x95a5a6,
  working: 0x5865f2,
  done: 0x57f287,
  failed: 0xed4245,
  cancelled: 0x747f8d,
};

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The language of everything a job shows: its requester's Discord locale. */
export function jobLocale(job: JobRecord): Locale {
  return localeOf(job.origin.locale);
}

/** The settings line every job message shows, so a result can be reproduced. */
export function settingsText(job: JobRecord): string {
  const p = job.params;
  const locale = jobLocale(job);
  const lines = [
    t(locale, "job.settings.video", {
      seconds: p.durationSeconds,
      aspect: p.aspect,
      width: job.width,
      height: job.height,
      fps: p.fps,
    }),
    // The seed is an id to copy, not a quantity: never localized.
    t(locale, "job.settings.sampling", {
      steps: p.steps,
      split: p.splitStep,
      cfg: p.cfg,
      seed: String(p.seed),
    }),
  ];
  if (job.request.lora) {
    const { label, strength } = job.request.lora;
    lines.push(t(locale, "job.settings.lora", { label: clip(label, 80), strength }));
  }
  return lines.join("\n");
}

function baseEmbed(job: JobRecord, title: string, color: number): APIEmbed {
  return {
    title,
    color,
    description: `> ${escapeUserMarkdown(clip(job.request.prompt, 600)).replace(/\n/g, "\n> ")}`,
    fields: [{ name: t(jobLocale(job), "job.field.settings"), value: settingsText(job) }],
    thumbnail: { url: `attachment://${inputImageName}` },
  };
}

export function cancelRow(jobId: string, locale: Locale = "en"): APIActionRowComponent<APIButtonComponent> {
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: t(locale, "job.button.cancel"),
        custom_id: `cancel:${jobId}`,
      },
    ],
  };
}

/** A link to a message as Discord's clients open it. */
export function messageUrl(origin: { guildId?: string | undefined; channelId: string }, messageId: string) {
  return `https://discord.com/channels/${origin.guildId ?? "@me"}/${origin.channelId}/${messageId}`;
}

export function finishedRow(
  jobId: string,
  locale: Locale = "en",
  options: { canContinue?: boolean } = {},
): APIActionRowComponent<APIButtonComponent> {
  const continueButton: APIButtonComponent[] = options.canContinue
    ? [
        {
          type: ComponentType.Button,
          style: ButtonStyle.Secondary,
          label: t(locale, "job.button.continue"),
          emoji: { name: "⏩" },
          custom_id: `continue:${jobId}`,
        },
      ]
    : [];
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Primary,
        label: t(locale, "job.button.reroll"),
        emoji: { name: "🎲" },
        custom_id: `reroll:${jobId}`,
      },
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: t(locale, "job.button.again"),
        emoji: { name: "🔁" },
        custom_id: `again:${jobId}`,
      },
      ...continueButton,
    ],
  };
}

export function queuedEmbed(job: JobRecord, position: number): APIEmbed {
  const locale = jobLocale(job);
  const embed = baseEmbed(job, t(locale, "job.title.waiting"), colors.waiting);
  embed.fields!.push({
    name: t(locale, "job.field.queue"),
    value: position <= 1 ? t(locale, "job.queue.next") : t(locale, "job.queue.position", { position }),
  });
  return embed;
}

/** The phase in words: the core's English label, or the locale's name for the same phase. */
function phaseText(locale: Locale, snapshot: ProgressSnapshot): string {
  return locale === "en" ? snapshot.label : t(locale, `phase.${snapshot.phase}`);
}

export function progressEmbed(job: JobRecord, snapshot: ProgressSnapshot): APIEmbed {
  const locale = jobLocale(job);
  if (snapshot.held) {
    const embed = baseEmbed(job, t(locale, "job.title.waiting"), colors.waiting);
    embed.fields!.push({ name: t(locale, "job.field.queue"), value: t(locale, "job.queue.held") });
    return embed;
  }
  if (snapshot.ahead !== undefined) {
    const embed = baseEmbed(job, t(locale, "job.title.waiting"), colors.waiting);
    embed.fields!.push({
      name: t(locale, "job.field.queue"),
      value:
        snapshot.ahead === 0
          ? t(locale, "job.queue.inComfyNext")
          : t(locale, "job.queue.inComfy", { ahead: snapshot.ahead }),
    });
    return embed;
  }
  const embed = baseEmbed(job, t(locale, "job.title.working"), colors.working);
  const eta =
    snapshot.etaMs !== undefined && snapshot.percent < 100
      ? ` · ${t(locale, "job.progress.eta", { eta: formatEta(snapshot.etaMs, locale) })}`
      : "";
  embed.fields!.push({
    name: t(locale, "job.field.progress"),
    value: `\`${progressBar(snapshot.percent)}\` **${snapshot.percent}%**\n${phaseText(locale, snapshot)}${eta}`,
  });
  return embed;
}

export function doneEmbed(job: JobRecord, note: string): APIEmbed {
  const locale = jobLocale(job);
  const embed = baseEmbed(job, t(locale, "job.title.done"), colors.done);
  embed.fields!.push({ name: t(locale, "job.field.result"), value: note });
  return embed;
}

export function failedEmbed(job: JobRecord): APIEmbed {
  const locale = jobLocale(job);
  const embed = baseEmbed(job, t(locale, "job.title.failed"), colors.failed);
  const error = job.error;
  const reference = error ? t(locale, "job.error.reference", { id: error.correlationId }) : "";
  embed.fields!.push({
    name: t(locale, "job.field.whatHappened"),
    value: error ? `${clip(errorText(locale, error), 900)}\n${reference}` : t(locale, "job.error.unknown"),
  });
  return embed;
}

export function cancelledEmbed(job: JobRecord, how: string): APIEmbed {
  const locale = jobLocale(job);
  const embed = baseEmbed(job, t(locale, "job.title.cancelled"), colors.cancelled);
  embed.fields!.push({ name: t(locale, "job.field.status"), value: how });
  return embed;
}

export function resultEmbed(job: JobRecord, how: string): APIEmbed {
  const locale = jobLocale(job);
  const continues = job.continues
    ? [
        {
          name: t(locale, "job.field.continues"),
          value: job.continues.messageUrl
            ? t(locale, "job.continues.link", { url: job.continues.messageUrl })
            : t(locale, "job.continues.unlinked"),
        },
      ]
    : [];
  return {
    title: t(locale, "job.title.ready"),
    color: colors.done,
    description: `> ${escapeUserMarkdown(clip(job.request.prompt, 600)).replace(/\n/g, "\n> ")}`,
    fields: [
      { name: t(locale, "job.field.settings"), value: settingsText(job) },
      ...continues,
      { name: t(locale, "job.field.delivery"), value: how },
    ],
  };
}
