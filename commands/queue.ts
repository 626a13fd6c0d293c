import { ApplicationCommandType, ApplicationIntegrationType, InteractionContextType } from "discord.js";
import type { SlashCommand } from "../src/discord/command.js";
import type { JobRecord } from "../src/jobs/job.js";
import { isAdmin } from "./cancel.js";

function describe(job: JobRecord, position: number | undefined, showOwner: boolean): string {
  const owner = showOwner ? `<@${job.origin.userId}> ` : "";
  const prompt = job.request.prompt.length > 60 ? `${job.request.prompt.slice(0, 59)}…` : job.request.prompt;
  const where =
    position !== undefined
      ? `waiting, position ${position}`
      : job.progress
        ? `${job.progress.percent}% · ${job.progress.label}`
        : job.state === "submitted"
          ? "next on the video server"
          : "starting";
  const link =
    job.origin.guildId && job.origin.messageId
      ? ` · [message](https://discord.com/channels/${job.origin.guildId}/${job.origin.channelId}/${job.origin.messageId})`
      : "";
  return `• ${owner}“${prompt}” — ${where}${link}`;
}

export const queueCommand: SlashCommand = {
  kind: "slash",
  defer: "ephemeral",
  data: {
    name: "queue",
    description: "Your videos that are waiting or being made (admins see everyone's)",
    type: ApplicationCommandType.ChatInput,
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
  },
  async execute(interaction, ctx) {
    const admin = isAdmin(interaction);
    const all = ctx.jobs.list();
    const shown = admin ? all : all.filter((j) => j.job.origin.userId === interaction.user.id);
    const lines = shown.slice(0, 20).map((j) => describe(j.job, j.position, admin));
    const more = shown.length > 20 ? `\n…and ${shown.length - 20} more` : "";
    const header = admin
      ? `**${all.length}** job(s) in the bot's queue.`
      : shown.length === 0
        ? "You have no videos waiting or being made."
        : `You have **${shown.length}** video(s) waiting or being made.`;
    await interaction.editReply({
      content: `${header}\n${lines.join("\n")}${more}`.trim(),
      allowedMentions: { parse: [] },
    });
  },
};
