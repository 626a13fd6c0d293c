import { existsSync } from "node:fs";
import { startBot } from "./bot.js";
import { type Config, ConfigError, loadConfig } from "./config.js";
import { LeaseHeldError } from "./store/lease-keeper.js";
import { discordSetupHelp, missingDiscordSettings } from "./discord/setup-help.js";

/** `npm start`: the bot from the environment (a .env file beside package.json works too). */
export async function start(config: Config): Promise<void> {
  const missing = missingDiscordSettings(config);
  if (missing.length > 0) {
    process.stderr.write(`Oelala Bot cannot start.\n${discordSetupHelp(missing)}\n`);
    process.exitCode = 1;
    return;
  }
  const bot = await startBot(config);
  let stopping = false;
  const shutdown = (signal: string) => {
    // A supervisor may repeat the signal; the first one already started a clean stop.
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${signal}: shutting down\n`);
    bot.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  void bot.lostLease.then(() => shutdown("lease lost"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (existsSync(".env")) process.loadEnvFile(".env");
  try {
    await start(loadConfig(process.env));
  } catch (error) {
    process.stderr.write(
      `${error instanceof ConfigError || error instanceof LeaseHeldError ? error.message : `Oelala Bot failed to start: ${String(error)}`}\n`,
    );
    process.exitCode = 1;
  }
}
