import { ApplicationCommandType, ApplicationIntegrationType, InteractionContextType } from "discord.js";
import { mayManageJob } from "../src/access/policy.js";
import type { ComponentHandler, SlashCommand } from "../src/discord/command.js";
import { localizedDescription, localizedName } from "../src/i18n/command-text.js";
import { type Locale, localeOf } from "../src/i18n/locale.js";
import { t } from "../src/i18n/translate.js";
import type { CancelResult } from "../src/jobs/service.js";

const outcomeText = (locale: Locale, result: CancelResult) => t(locale, `cancel.${result}`);

export const cancelButton: ComponentHandler = {
  prefix: "cancel",
  defer: "ephemeral",
  async handleButton(interaction, [jobId = ""], ctx) {
    const job = await ctx.jobs.find(jobId);
    const admin = job !== undefined && mayManageJob(ctx.access.policy, ctx.caller, job.origin);
    const result = await ctx.jobs.cancel(jobId, { userId: interaction.user.id, admin });
    await interaction.editReply({ content: outcomeText(localeOf(interaction.locale), result) });
  },
};

export const cancelCommand: SlashCommand = {
  kind: "slash",
  defer: "ephemeral",
  data: {
    ...localizedName("cmd.cancel.name"),
    ...localizedDescription("cmd.cancel.description"),
    type: ApplicationCommandType.ChatInput,
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
  },
  async execute(interaction, ctx) {
    const locale = localeOf(interaction.locale);
    const mine = ctx.jobs
      .list()
      .filter((j) => j.job.origin.userId === interaction.user.id)
      .sort((a, b) => b.job.createdAt - a.job.createdAt);
    const latest = mine[0];
    if (!latest) {
      await interaction.editReply({ content: t(locale, "cancel.none") });
      return;
    }
    // The caller's own latest job: being an admin adds nothing here.
    const result = await ctx.jobs.cancel(latest.job.id, { userId: interaction.user.id, admin: false });
    await interaction.editReply({ content: outcomeText(locale, result) });
  },
};
