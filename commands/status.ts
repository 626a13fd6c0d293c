import { ApplicationCommandType, ApplicationIntegrationType, InteractionContextType } from "discord.js";
import { isAdmin } from "../src/access/policy.js";
import type { HandlerContext, SlashCommand } from "../src/discord/command.js";
import { contentLimit, packPages, pagerRow } from "../src/discord/pages.js";
import { type PagedBody, pagedButtons } from "../src/discord/paged-reply.js";
import { localizedDescription, localizedName } from "../src/i18n/command-text.js";
import { type Locale, localeOf } from "../src/i18n/locale.js";
import { t } from "../src/i18n/translate.js";
import type { ServerStatus } from "../src/pool/server-probe.js";

const GIB = 1024 ** 3;

export interface StatusView {
  servers: ServerStatus[];
  running: number;
  waiting: number;
  averageJobSeconds: number | undefined;
  now: number;
  /** Admins also see each server's host:port. */
  admin: boolean;
  locale?: Locale;
}

export function duration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ""}`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/**
 * Addresses are for admins only: ComfyUI has no login, so anyone who learns where a server listens can
 * queue work on it or read its outputs. Others see the configured name, or "server N" when none is set.
 */
function label(server: ServerStatus, index: number, admin: boolean, locale: Locale): string {
  const named = server.name !== server.address;
  if (!admin) return named ? server.name : t(locale, "status.server", { n: index + 1 });
  return named ? `${server.name} (${server.address})` : server.address;
}

function serverLines(server: ServerStatus, index: number, view: StatusView): string[] {
  const locale = view.locale ?? "en";
  const name = `**${label(server, index, view.admin, locale)}**`;
  const version = server.version ? ` · ComfyUI ${server.version}` : "";
  if (!server.up) {
    const since =
      server.downSince === undefined
        ? ""
        : t(locale, "status.downFor", { duration: duration((view.now - server.downSince) / 1000) });
    return [t(locale, "status.down", { name, since, version, ours: server.ourJobs })];
  }
  const queue = server.queueDepth ?? "?";
  const head = t(locale, "status.up", { name, version, queue, ours: server.ourJobs });
  const gpus = server.gpus.map(
    (g) =>
      `  • ${g.name}: ${(g.vramUsedBytes / GIB).toFixed(1)} / ${(g.vramTotalBytes / GIB).toFixed(1)} GiB VRAM`,
  );
  return [head, ...(gpus.length > 0 ? gpus : [t(locale, "status.noGpu")])];
}

/**
 * The /status pages: each starts with the server count and ends with our queue and the average time
 * per video; the server blocks in between are packed so every page fits Discord's 2,000 characters.
 */
export function statusPages(view: StatusView): string[] {
  const locale = view.locale ?? "en";
  const up = view.servers.filter((s) => s.up).length;
  const average =
    view.averageJobSeconds === undefined
      ? t(locale, "status.noAverage")
      : t(locale, "status.average", { duration: duration(view.averageJobSeconds) });
  const head = t(locale, "status.servers", { up, total: view.servers.length });
  const foot = t(locale, "status.jobs", { running: view.running, waiting: view.waiting, average });
  // One server's block stays together on a page (its GPUs follow its name).
  const blocks = view.servers.map((s, i) => serverLines(s, i, view).join("\n"));
  const pages = packPages(blocks, contentLimit - head.length - foot.length - 40, 15);
  return pages.map((blocksOfPage, i) =>
    [
      head,
      ...blocksOfPage,
      foot,
      ...(pages.length > 1 ? [t(locale, "pager.page", { page: i + 1, pages: pages.length })] : []),
    ].join("\n"),
  );
}

/** The whole /status text on one page (the first page when it needs several). */
export function statusText(view: StatusView): string {
  return statusPages(view)[0]!;
}

const statusPrefix = "status";

async function render(
  interaction: { user: { id: string }; locale: string },
  ctx: HandlerContext,
  page: number,
): Promise<PagedBody> {
  const listed = ctx.jobs.list();
  const locale = localeOf(interaction.locale);
  const pages = statusPages({
    servers: await ctx.servers.status(),
    running: listed.filter((j) => j.position === undefined).length,
    waiting: listed.filter((j) => j.position !== undefined).length,
    averageJobSeconds: ctx.servers.averageJobSeconds(),
    now: ctx.now(),
    admin: isAdmin(ctx.access.policy, ctx.caller),
    locale,
  });
  const current = Math.min(Math.max(0, page), pages.length - 1);
  return {
    content: pages[current]!,
    components:
      pages.length > 1 ? [pagerRow(statusPrefix, interaction.user.id, current, pages.length, locale)] : [],
  };
}

export const statusCommand: SlashCommand = {
  kind: "slash",
  defer: "ephemeral",
  access: "browse",
  data: {
    ...localizedName("cmd.status.name"),
    ...localizedDescription("cmd.status.description"),
    type: ApplicationCommandType.ChatInput,
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
  },
  async execute(interaction, ctx) {
    await interaction.editReply({ ...(await render(interaction, ctx, 0)), allowedMentions: { parse: [] } });
  },
};

export const statusPager = pagedButtons(statusPrefix, "browse", render);
