import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startBot } from "./bot.js";
import { type Config, ConfigError, loadConfig } from "./config.js";
import { LeaseHeldError } from "./store/lease-keeper.js";
import { discordSetupHelp, missingDiscordSettings } from "./discord/setup-help.js";
import { loadDotEnv } from "./dotenv.js";
import { ownerOnlyUmask } from "./startup/data-dir.js";
import { describeStartupFailure, startupFailureDetail } from "./startup/failure.js";

/** `npm start`: the bot from the environment (a .env file beside package.json works too). */
export async function start(config: Config): Promise<void> {
  const missing = missingDiscordSettings(config);
  if (missing.length > 0) {
    process.stderr.write(
      `Oelala Bot cannot start.\n${discordSetupHelp(missing, config.discord.applicationId)}\n`,
    );
    process.exitCode = 1;
    return;
  }
  // Everything the bot writes (job store, images, videos) is for the owner's account only.
  process.umask(ownerOnlyUmask);
  let bot;
  try {
    bot = await startBot(config);
  } catch (error) {
    // startBot stopped what it had started; exit so systemd or Docker can restart or report it.
    process.stderr.write(`Oelala Bot could not start. ${describeStartupFailure(error, config)}\n`);
    if (config.log.level === "debug" || config.log.level === "trace") {
      process.stderr.write(`${startupFailureDetail(error)}\n`);
    }
    process.exit(1);
  }
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

/** Whether this module is the program node was asked to run (a path with spaces or a symlink too). */
export function isEntryPoint(moduleUrl: string, argv1: string | undefined): boolean {
  if (!argv1) return false;
  const real = (path: string) => {
    try {
      return realpathSync(path);
    } catch {
      return path;
    }
  };
  return real(fileURLToPath(moduleUrl)) === real(argv1);
}

if (isEntryPoint(import.meta.url, process.argv[1])) {
  loadDotEnv();
  try {
    await start(loadConfig(process.env));
  } catch (error) {
    process.stderr.write(
      `${error instanceof ConfigError || error instanceof LeaseHeldError ? error.message : `Oelala Bot failed to start: ${error instanceof Error ? error.message : String(error)}`}\n`,
    );
    process.exitCode = 1;
  }
}
