import type { InteractionEditReplyOptions } from "discord.js";
import type { JobOrigin } from "../jobs/job.js";
import type { ShowMessage } from "./start-job.js";

/** The parts of a deferred interaction a job needs: who asked, where, and the reply it may edit. */
export interface JobInteraction {
  user: { id: string };
  guildId: string | null;
  channelId: string | null;
  locale: string;
  applicationId: string;
  token: string;
  createdTimestamp: number;
  attachmentSizeLimit: number;
  editReply(
    options: InteractionEditReplyOptions,
  ): Promise<{ id: string; attachments: { first(): { id: string } | undefined } }>;
}

/** Where a job started, kept with it so any later process can find its messages again. */
export function originOf(interaction: JobInteraction): Omit<JobOrigin, "messageId"> {
  if (interaction.channelId === null) throw new Error("an image-to-video job needs a channel");
  return {
    userId: interaction.user.id,
    guildId: interaction.guildId ?? undefined,
    channelId: interaction.channelId,
    locale: interaction.locale,
    applicationId: interaction.applicationId,
    interactionToken: interaction.token,
    interactionAt: interaction.createdTimestamp,
    attachmentSizeLimit: interaction.attachmentSizeLimit,
  };
}

/** Shows the job in the interaction's deferred reply; user text in it never pings anyone. */
export function showInReply(interaction: JobInteraction): ShowMessage {
  return async ({ files, ...body }) => {
    const message = await interaction.editReply({
      ...body,
      files: files.map((f) => ({ attachment: f.data, name: f.name })),
      allowedMentions: { parse: [] },
    });
    return { id: message.id, attachmentId: message.attachments.first()?.id };
  };
}
