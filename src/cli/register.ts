import { REST, Routes } from "discord.js";
import { createCommands } from "../../commands/index.js";
import type { Config } from "../config.js";
import { UserError } from "../errors.js";
import { discordSetupHelp, missingDiscordSettings } from "../discord/setup-help.js";
import { parse } from "./args.js";
import { guildIdProblem, registerFailure } from "./register-errors.js";

/** Sends the command list to Discord: to one guild (instant) or globally. Starting the bot never does this. */
export async function register(argv: string[], config: Config): Promise<void> {
  const { values } = parse(argv, { guild: { type: "string" } });
  const missing = missingDiscordSettings(config);
  if (missing.length > 0) {
    throw new UserError("error.DISCORD_SETTINGS_MISSING", {
      help: discordSetupHelp(missing, config.discord.applicationId),
    });
  }
  const guild = values.guild;
  const badGuild = guildIdProblem(guild);
  if (badGuild) throw badGuild;
  const applicationId = config.discord.applicationId!;
  try {
    await send(guild, applicationId, config);
  } catch (error) {
    throw registerFailure(error, { guild, applicationId });
  }
}

async function send(guild: string | undefined, applicationId: string, config: Config): Promise<void> {
  // No retries: a registration either works or the operator needs to hear why at once.
  const rest = new REST({ api: config.discord.apiUrl, retries: 0, timeout: 15_000 }).setToken(
    config.discord.token!,
  );
  const commands = createCommands(config).map((c) => c.data);
  if (guild) {
    // The same commands, contexts and integration_types included: the guild bulk overwrite takes
    // both (OpenAPI bulk_set_guild_application_commands → ApplicationCommandUpdateRequest; docs:
    // interactions/application-commands#bulk-overwrite-guild-application-commands).
    await rest.put(Routes.applicationGuildCommands(applicationId, guild), { body: commands });
    process.stdout.write(
      `Registered ${commands.length} commands in guild ${guild}: ${commands.map((c) => c.name).join(", ")}\n`,
    );
  } else {
    await rest.put(Routes.applicationCommands(applicationId), { body: commands });
    process.stdout.write(
      `Registered ${commands.length} global commands (may take a while to appear): ${commands.map((c) => c.name).join(", ")}\n`,
    );
  }
}
