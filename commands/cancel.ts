import {
  ApplicationCommandType,
  ApplicationIntegrationType,
  type Interaction,
  InteractionContextType,
  PermissionFlagsBits,
} from "discord.js";
import type { ComponentHandler, SlashCommand } from "../src/discord/command.js";
import type { CancelResult } from "../src/jobs/service.js";

const outcomeText: Record<CancelResult, string> = {
  removed: "Cancelled: the job was taken out of the queue.",
  deleted_from_server: "Cancelled: the job was removed from the video server's queue before it started.",
  interrupted: "Cancelled: the video server stopped the job.",
  not_found: "That job is not waiting or running any more.",
  not_allowed: "Only the person who started this job (or an admin) can cancel it.",
  already_finished: "That job has already finished.",
};

/** Admins of the server may cancel anyone's job. */
export function isAdmin(interaction: Interaction): boolean {
  return interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false;
}

export const cancelButton: ComponentHandler = {
  prefix: "cancel",
  defer: "ephemeral",
  async handleButton(interaction, [jobId = ""], ctx) {
    const result = await ctx.jobs.cancel(jobId, { userId: interaction.user.id, admin: isAdmin(interaction) });
    await interaction.editReply({ content: outcomeText[result] });
  },
};

export const cancelCommand: SlashCommand = {
  kind: "slash",
  defer: "ephemeral",
  data: {
    name: "cancel",
    description: "Cancel your most recent waiting or running video",
    type: ApplicationCommandType.ChatInput,
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
  },
  async execute(interaction, ctx) {
    const mine = ctx.jobs
      .list()
      .filter((j) => j.job.origin.userId === interaction.user.id)
      .sort((a, b) => b.job.createdAt - a.job.createdAt);
    const latest = mine[0];
    if (!latest) {
      await interaction.editReply({ content: "You have no videos waiting or running." });
      return;
    }
    const result = await ctx.jobs.cancel(latest.job.id, {
      userId: interaction.user.id,
      admin: isAdmin(interaction),
    });
    await interaction.editReply({ content: outcomeText[result] });
  },
};
