import { ApplicationCommandType, ApplicationIntegrationType, InteractionContextType } from "discord.js";
import type { SlashCommand } from "../src/discord/command.js";
import { localizedDescription, localizedName } from "../src/i18n/command-text.js";
import { type Locale, localeOf } from "../src/i18n/locale.js";
import { t } from "../src/i18n/translate.js";
import type { JobRecord } from "../src/jobs/job.js";
import { isAdmin, mayManageJob } from "../src/access/policy.js";
import { escapeUserMarkdown } from "../src/discord/user-markdown.js";

/** The phase in words: the core's English label, or the locale's name for the same phase. */
function phaseText(locale: Locale, progress: NonNullable<JobRecord["progress"]>): string {
  return locale === "en" ? progress.label : t(locale, `phase.${progress.phase}`);
}

function describe(job: JobRecord, position: number | undefined, showOwner: boolean, locale: Locale): string {
  const owner = showOwner ? `<@${job.origin.userId}> ` : "";
  const prompt = job.request.prompt.length > 60 ? `${job.request.prompt.slice(0, 59)}…` : job.request.prompt;
  const where =
    position !== undefined
      ? t(locale, "queue.waiting", { position })
      : job.progress
        ? `${job.progress.percent}% · ${phaseText(locale, job.progress)}`
        : job.state === "submitted"
          ? t(locale, "queue.next")
          : t(locale, "queue.starting");
  const link =
    job.origin.guildId && job.origin.messageId
      ? ` · [${t(locale, "queue.message")}](https://discord.com/channels/${job.origin.guildId}/${job.origin.channelId}/${job.origin.messageId})`
      : "";
  return `• ${owner}“${escapeUserMarkdown(prompt)}” — ${where}${link}`;
}

export const queueCommand: SlashCommand = {
  kind: "slash",
  defer: "ephemeral",
  access: "browse",
  data: {
    ...localizedName("cmd.queue.name"),
    ...localizedDescription("cmd.queue.description"),
    type: ApplicationCommandType.ChatInput,
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
  },
  async execute(interaction, ctx) {
    const admin = isAdmin(ctx.access.policy, ctx.caller);
    const locale = localeOf(interaction.locale);
    // An admin sees the jobs she may manage: her own server's (every server's for ADMIN_USERS).
    const shown = ctx.jobs
      .list()
      .filter((j) =>
        admin
          ? mayManageJob(ctx.access.policy, ctx.caller, j.job.origin)
          : j.job.origin.userId === interaction.user.id,
      );
    const lines = shown.slice(0, 20).map((j) => describe(j.job, j.position, admin, locale));
    const more = shown.length > 20 ? `\n${t(locale, "queue.more", { count: shown.length - 20 })}` : "";
    const header = admin
      ? t(locale, shown.length === 1 ? "queue.all.one" : "queue.all.other", { count: shown.length })
      : shown.length === 0
        ? t(locale, "queue.mine.none")
        : t(locale, shown.length === 1 ? "queue.mine.one" : "queue.mine.other", { count: shown.length });
    await interaction.editReply({
      content: `${header}\n${lines.join("\n")}${more}`.trim(),
      allowedMentions: { parse: [] },
    });
  },
};
