import { ApplicationCommandType, ApplicationIntegrationType, InteractionContextType } from "discord.js";
import { isAdmin } from "../src/access/policy.js";
import type { SlashCommand } from "../src/discord/command.js";
import { localizedDescription, localizedName } from "../src/i18n/command-text.js";
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
function label(server: ServerStatus, index: number, admin: boolean): string {
  const named = server.name !== server.address;
  if (!admin) return named ? server.name : `server ${index + 1}`;
  return named ? `${server.name} (${server.address})` : server.address;
}

function serverLines(server: ServerStatus, index: number, view: StatusView): string[] {
  const name = `**${label(server, index, view.admin)}**`;
  const version = server.version ? ` · ComfyUI ${server.version}` : "";
  if (!server.up) {
    const since =
      server.downSince === undefined ? "" : ` for ${duration((view.now - server.downSince) / 1000)}`;
    return [`🔴 ${name} — down${since}${version} · our jobs there ${server.ourJobs}`];
  }
  const head = `🟢 ${name} — up${version} · queue ${server.queueDepth ?? "?"} · our jobs there ${server.ourJobs}`;
  const gpus = server.gpus.map(
    (g) =>
      `  • ${g.name}: ${(g.vramUsedBytes / GIB).toFixed(1)} / ${(g.vramTotalBytes / GIB).toFixed(1)} GiB VRAM`,
  );
  return [head, ...(gpus.length > 0 ? gpus : ["  • no GPU reported"])];
}

/** The /status text: one block per server, then our queue and the average time per video. */
export function statusText(view: StatusView): string {
  const up = view.servers.filter((s) => s.up).length;
  const average =
    view.averageJobSeconds === undefined
      ? "no finished videos yet"
      : `${duration(view.averageJobSeconds)} per video on average`;
  return [
    `**Video servers**: ${up} of ${view.servers.length} up`,
    ...view.servers.flatMap((s, i) => serverLines(s, i, view)),
    `**Jobs**: ${view.running} being made, ${view.waiting} waiting · ${average}`,
  ].join("\n");
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
    const listed = ctx.jobs.list();
    const content = statusText({
      servers: await ctx.servers.status(),
      running: listed.filter((j) => j.position === undefined).length,
      waiting: listed.filter((j) => j.position !== undefined).length,
      averageJobSeconds: ctx.servers.averageJobSeconds(),
      now: ctx.now(),
      admin: isAdmin(ctx.access.policy, ctx.caller),
    });
    await interaction.editReply({ content, allowedMentions: { parse: [] } });
  },
};
