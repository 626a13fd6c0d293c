/** The Discord half of the doctor: the only doctor file that talks to Discord (through discord.js REST). */
import { REST, Routes } from "discord.js";
import { z } from "zod";

import { createCommands } from "../../commands/index.js";
import type { Config } from "../config.js";
import { discordSetupHelp, inviteUrl, missingDiscordSettings } from "../discord/setup-help.js";
import { fail, pass, type CheckGroup, type CheckLine } from "./check.js";
import { commandShapeSchema, compareCommands, noDifferences } from "./commands-match.js";

export interface DiscordCheckOptions {
  /** Check this guild's commands instead of the global ones. */
  guildId?: string | undefined;
  /** Per request; default 5 s. */
  timeoutMs?: number | undefined;
  onError?: (error: unknown, what: string) => void;
}

const userSchema = z.looseObject({ id: z.string(), username: z.string() });
const applicationSchema = z.looseObject({ id: z.string() });

/** The HTTP status of a discord.js REST error; undefined when no answer came (network, timeout). */
const statusOf = (error: unknown): number | undefined => {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
};

class Stop extends Error {
  constructor(readonly line: CheckLine) {
    super(line.label);
  }
}

/** Runs one request; any failure becomes a Stop carrying the line to print. */
async function ask<S extends z.ZodType>(
  rest: REST,
  route: `/${string}`,
  schema: S,
  onFailure: (status: number | undefined) => CheckLine,
  options: DiscordCheckOptions,
): Promise<z.output<S>> {
  try {
    return schema.parse(await rest.get(route));
  } catch (error) {
    options.onError?.(error, `GET ${route}`);
    throw new Stop(onFailure(error instanceof z.ZodError ? 200 : statusOf(error)));
  }
}

function unreachable(apiUrl: string, status: number | undefined): CheckLine | undefined {
  if (status === undefined) {
    return fail(
      `Discord API not reachable at ${apiUrl}`,
      "check the network connection (and DISCORD_API_URL)",
    );
  }
  if (status >= 500 || status === 200) {
    return fail(
      `Discord answered ${status === 200 ? "in an unexpected shape" : status}`,
      "try again in a few minutes",
    );
  }
  return undefined;
}

function tokenFailure(apiUrl: string, status: number | undefined): CheckLine {
  if (status === 401) {
    return fail(
      "DISCORD_TOKEN rejected by Discord (401 Unauthorized)",
      "reset the token (Developer Portal → your application → Bot → Reset Token) and put the new one in DISCORD_TOKEN",
    );
  }
  return (
    unreachable(apiUrl, status) ??
    fail(`DISCORD_TOKEN check answered ${status}`, "reset the token and try again")
  );
}

function applicationLine(configured: string | undefined, actual: string): CheckLine {
  if (!configured)
    return fail(
      "DISCORD_APPLICATION_ID is not set",
      `set DISCORD_APPLICATION_ID=${actual} (the token's application)`,
    );
  if (configured !== actual) {
    return fail(
      `DISCORD_APPLICATION_ID=${configured} is not the token's application (${actual})`,
      `set DISCORD_APPLICATION_ID=${actual}, or use the token of application ${configured}`,
    );
  }
  return pass(`DISCORD_APPLICATION_ID ${actual} matches the token`);
}

async function commandsLine(rest: REST, applicationId: string, config: Config, options: DiscordCheckOptions) {
  const guild = options.guildId;
  const where = guild ? `in guild ${guild}` : "globally";
  const register = `npm run cli -- register${guild ? ` --guild ${guild}` : ""}`;
  const route = guild
    ? Routes.applicationGuildCommands(applicationId, guild)
    : Routes.applicationCommands(applicationId);
  const registered = await ask(
    rest,
    route,
    z.array(commandShapeSchema),
    (status) => {
      if (guild && (status === 403 || status === 404)) {
        return fail(
          `cannot read the commands of guild ${guild} (${status})`,
          `invite the bot there: ${inviteUrl(applicationId)}`,
        );
      }
      return (
        unreachable(config.discord.apiUrl, status) ??
        fail(`listing the commands ${where} answered ${status}`, register)
      );
    },
    options,
  );
  const expected = createCommands(config).map((command) => commandShapeSchema.parse(command.data));
  const diff = compareCommands(expected, registered);
  if (noDifferences(diff))
    return pass(`commands registered ${where}: ${expected.map((c) => c.name).join(", ")}`);
  const parts = [
    diff.missing.length > 0 ? `missing ${diff.missing.join(", ")}` : "",
    diff.outdated.length > 0 ? `outdated ${diff.outdated.join(", ")}` : "",
    diff.extra.length > 0 ? `not this bot's ${diff.extra.join(", ")}` : "",
  ].filter(Boolean);
  const hint =
    !guild && registered.length === 0
      ? " (or, if you registered them in a guild, run doctor --guild ID)"
      : "";
  return fail(`commands ${where} differ from this version: ${parts.join("; ")}`, `${register}${hint}`);
}

/** Token valid, application id matching, commands registered. The token itself is never printed. */
export async function checkDiscord(config: Config, options: DiscordCheckOptions = {}): Promise<CheckGroup> {
  const title = "Discord";
  const { token, applicationId, apiUrl } = config.discord;
  if (!token) {
    return {
      title,
      lines: [
        fail(
          "DISCORD_TOKEN is not set",
          discordSetupHelp(missingDiscordSettings(config), config.discord.applicationId),
        ),
      ],
    };
  }
  const rest = new REST({ api: apiUrl, timeout: options.timeoutMs ?? 5_000, retries: 0 }).setToken(token);
  const lines: CheckLine[] = [];
  try {
    const user = await ask(
      rest,
      Routes.user(),
      userSchema,
      (status) => tokenFailure(apiUrl, status),
      options,
    );
    lines.push(pass(`DISCORD_TOKEN valid: bot ${user.username} (${user.id})`));
    const app = await ask(
      rest,
      Routes.currentApplication(),
      applicationSchema,
      (status) => {
        return (
          unreachable(apiUrl, status) ??
          fail(`reading the token's application answered ${status}`, "reset the token")
        );
      },
      options,
    );
    lines.push(applicationLine(applicationId, app.id));
    lines.push(await commandsLine(rest, app.id, config, options));
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    lines.push(error.line);
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
  return { title, lines };
}
