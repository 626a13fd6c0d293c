import { ApplicationCommandType, ApplicationIntegrationType, InteractionContextType } from "discord.js";
import type { HandlerContext, SlashCommand } from "../src/discord/command.js";
import { contentLimit, packPages, pagerRow } from "../src/discord/pages.js";
import { type PagedBody, pagedButtons } from "../src/discord/paged-reply.js";
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
      : job.progress?.held
        ? t(locale, "queue.held")
        : job.progress?.ahead !== undefined
          ? job.progress.ahead === 0
            ? t(locale, "queue.inComfyNext")
            : t(locale, "queue.inComfy", { ahead: job.progress.ahead })
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

const queuePrefix = "queue";

/** One page of the queue: header, the page's lines, and the total line, within Discord's 2,000. */
export function queuePage(
  jobs: readonly { job: JobRecord; position?: number | undefined }[],
  view: { userId: string; admin: boolean; locale: Locale; page: number },
): PagedBody {
  const { admin, locale } = view;
  const shown = admin ? jobs : jobs.filter((j) => j.job.origin.userId === view.userId);
  const header = admin
    ? t(locale, "queue.all", { count: jobs.length })
    : shown.length === 0
      ? t(locale, "queue.mine.none")
      : t(locale, "queue.mine", { count: shown.length });
  const lines = shown.map((j) => describe(j.job, j.position, admin, locale));
  // Room for the header, the total line (under 80 characters) and the newlines between them.
  const pages = packPages(lines, contentLimit - header.length - 84);
  const page = Math.min(Math.max(0, view.page), pages.length - 1);
  const total =
    shown.length === 0
      ? ""
      : t(locale, "queue.total", {
          count: shown.length,
          page: page + 1,
          pages: pages.length,
        });
  const content = [header, ...pages[page]!, total].filter((l) => l !== "").join("\n");
  const components = pages.length > 1 ? [pagerRow(queuePrefix, view.userId, page, pages.length, locale)] : [];
  return { content, components };
}

function render(
  interaction: { user: { id: string }; locale: string },
  ctx: HandlerContext,
  page: number,
): PagedBody {
  const admin = isAdmin(ctx.access.policy, ctx.caller);
  // An admin sees the jobs she may manage: her own server's (every server's for ADMIN_USERS).
  const jobs = admin
    ? ctx.jobs.list().filter((j) => mayManageJob(ctx.access.policy, ctx.caller, j.job.origin))
    : ctx.jobs.list();
  return queuePage(jobs, {
    userId: interaction.user.id,
    admin,
    locale: localeOf(interaction.locale),
    page,
  });
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
    await interaction.editReply({ ...render(interaction, ctx, 0), allowedMentions: { parse: [] } });
  },
};

export const queuePager = pagedButtons(queuePrefix, "browse", async (interaction, ctx, page) =>
  render(interaction, ctx, page),
);
