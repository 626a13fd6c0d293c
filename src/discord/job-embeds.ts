import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  ButtonStyle,
  ComponentType,
} from "discord.js";
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

/** The settings line every job message shows, so a result can be reproduced. */
export function settingsText(job: JobRecord): string {
  const p = job.params;
  const lines = [
    `**${p.durationSeconds} s** · ${p.aspect} · ${job.width}×${job.height} · ${p.fps} fps`,
    `Steps ${p.steps} (switch at ${p.splitStep}) · CFG ${p.cfg} · Seed \`${p.seed}\``,
  ];
  if (job.request.lora)
    lines.push(`LoRA **${clip(job.request.lora.label, 80)}** × ${job.request.lora.strength}`);
  return lines.join("\n");
}

function baseEmbed(job: JobRecord, title: string, color: number): APIEmbed {
  return {
    title,
    color,
    description: `> ${clip(job.request.prompt, 600).replace(/\n/g, "\n> ")}`,
    fields: [{ name: "Settings", value: settingsText(job) }],
    thumbnail: { url: `attachment://${inputImageName}` },
  };
}

export function cancelRow(jobId: string): APIActionRowComponent<APIButtonComponent> {
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: "Cancel",
        custom_id: `cancel:${jobId}`,
      },
    ],
  };
}

export function finishedRow(jobId: string): APIActionRowComponent<APIButtonComponent> {
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Primary,
        label: "Reroll",
        emoji: { name: "🎲" },
        custom_id: `reroll:${jobId}`,
      },
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: "Again",
        emoji: { name: "🔁" },
        custom_id: `again:${jobId}`,
      },
    ],
  };
}

export function queuedEmbed(job: JobRecord, position: number): APIEmbed {
  const embed = baseEmbed(job, "Waiting in line", colors.waiting);
  embed.fields!.push({ name: "Queue", value: position <= 1 ? "Next up" : `Position **${position}**` });
  return embed;
}

export function progressEmbed(job: JobRecord, snapshot: ProgressSnapshot): APIEmbed {
  const embed = baseEmbed(job, "Making your video", colors.working);
  const eta =
    snapshot.etaMs !== undefined && snapshot.percent < 100 ? ` · ${formatEta(snapshot.etaMs)} left` : "";
  embed.fields!.push({
    name: "Progress",
    value: `\`${progressBar(snapshot.percent)}\` **${snapshot.percent}%**\n${snapshot.label}${eta}`,
  });
  return embed;
}

export function doneEmbed(job: JobRecord, note: string): APIEmbed {
  const embed = baseEmbed(job, "Done", colors.done);
  embed.fields!.push({ name: "Result", value: note });
  return embed;
}

export function failedEmbed(job: JobRecord): APIEmbed {
  const embed = baseEmbed(job, "This video could not be made", colors.failed);
  const error = job.error;
  embed.fields!.push({
    name: "What happened",
    value: error ? `${clip(error.message, 900)}\nReference: \`${error.correlationId}\`` : "Unknown error.",
  });
  return embed;
}

export function cancelledEmbed(job: JobRecord, how: string): APIEmbed {
  const embed = baseEmbed(job, "Cancelled", colors.cancelled);
  embed.fields!.push({ name: "Status", value: how });
  return embed;
}

export function resultEmbed(job: JobRecord, how: string): APIEmbed {
  return {
    title: "Your video is ready",
    color: colors.done,
    description: `> ${clip(job.request.prompt, 600).replace(/\n/g, "\n> ")}`,
    fields: [
      { name: "Settings", value: settingsText(job) },
      { name: "Delivery", value: how },
    ],
  };
}
