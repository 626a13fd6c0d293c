import {
  type APIEmbed,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
} from "discord.js";
import type { HandlerContext, SlashCommand } from "../src/discord/command.js";
import { messageUrl, settingsText } from "../src/discord/job-embeds.js";
import { pagerRow } from "../src/discord/pages.js";
import { type PagedBody, pagedButtons } from "../src/discord/paged-reply.js";
import { escapeUserMarkdown } from "../src/discord/user-markdown.js";
import { localizedDescription, localizedName } from "../src/i18n/command-text.js";
import { type Locale, localeOf } from "../src/i18n/locale.js";
import { t } from "../src/i18n/translate.js";
import type { JobRecord } from "../src/jobs/job.js";

/** Five videos per page keep every page far inside Discord's 6,000 characters of embeds. */
export const videosPerPage = 5;
const videosPrefix = "videos";

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function videoEmbed(job: JobRecord, n: number, locale: Locale): APIEmbed {
  // Discord renders <t:…> in the reader's own time zone and language.
  const when = `<t:${Math.floor(job.updatedAt / 1000)}:f>`;
  const link = job.resultMessageId
    ? `[${t(locale, "videos.open")}](${messageUrl(job.origin, job.resultMessageId)})`
    : t(locale, "videos.noMessage");
  const prompt = escapeUserMarkdown(clip(job.request.prompt, 400)).replace(/\n/g, "\n> ");
  return {
    title: t(locale, "videos.title", { n }),
    description: `${when}\n> ${prompt}\n${settingsText(job)}\n${link}`,
  };
}

/** One page of the caller's finished videos; one more than a page is read to know whether Next leads anywhere. */
export async function videosPage(
  ctx: Pick<HandlerContext, "videos">,
  userId: string,
  locale: Locale,
  page: number,
): Promise<PagedBody> {
  const offset = page * videosPerPage;
  const found = await ctx.videos.doneByUser(userId, { limit: videosPerPage + 1, offset });
  if (found.length === 0 && page > 0) return videosPage(ctx, userId, locale, 0);
  if (found.length === 0) return { content: t(locale, "videos.none"), embeds: [], components: [] };
  const shown = found.slice(0, videosPerPage);
  const more = found.length > videosPerPage;
  return {
    content: t(locale, "videos.header", { page: page + 1 }),
    embeds: shown.map((job, i) => videoEmbed(job, offset + i + 1, locale)),
    components:
      more || page > 0 ? [pagerRow(videosPrefix, userId, page, more ? page + 2 : page + 1, locale)] : [],
  };
}

export const videosCommand: SlashCommand = {
  kind: "slash",
  defer: "ephemeral",
  access: "browse",
  data: {
    ...localizedName("cmd.videos.name"),
    ...localizedDescription("cmd.videos.description"),
    type: ApplicationCommandType.ChatInput,
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
  },
  async execute(interaction, ctx) {
    const body = await videosPage(ctx, interaction.user.id, localeOf(interaction.locale), 0);
    await interaction.editReply({ ...body, allowedMentions: { parse: [] } });
  },
};

export const videosPager = pagedButtons(videosPrefix, "browse", (interaction, ctx, page) =>
  videosPage(ctx, interaction.user.id, localeOf(interaction.locale), page),
);
