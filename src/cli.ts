import { ConfigError, loadConfig } from "./config.js";
import { isUserError } from "./errors.js";
import { createLogger } from "./logger.js";
import { UsageError } from "./cli/args.js";
import { renderUsage } from "./cli/render.js";
import { RenderCancelled } from "./cli/terminal-presenter.js";
import { verbUsage, wantsHelp } from "./cli/usage.js";
import { loadDotEnv } from "./dotenv.js";

const usage = `usage: npm run cli -- <command> [options]

commands:
  start                       run the bot (same as npm start)
  register [--guild ID]       register the slash commands (a guild: instant; otherwise global)
  doctor                      check the ComfyUI servers and the Discord token
  ${renderUsage}
  workflow                    print the DisTorch2 I2V template with its input map
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "help" || command === "--help") {
    process.stdout.write(usage);
    return command ? 0 : 2;
  }
  const help = verbUsage[command];
  if (help !== undefined && wantsHelp(rest)) {
    process.stdout.write(help);
    return 0;
  }
  loadDotEnv();
  const config = loadConfig(process.env);
  const logger = createLogger({
    level: process.env["LOG_LEVEL"] ?? "warn",
    pretty: false,
    destination: process.stderr as never,
  });
  switch (command) {
    case "render": {
      const { render } = await import("./cli/render.js");
      await render(rest, config, logger);
      return 0;
    }
    case "workflow": {
      const { loadI2VTemplate } = await import("./workflow/template.js");
      process.stdout.write(`${JSON.stringify(loadI2VTemplate(), null, 2)}\n`);
      return 0;
    }
    case "register": {
      const { register } = await import("./cli/register.js");
      await register(rest, config);
      return 0;
    }
    case "doctor": {
      const { doctor } = await import("./cli/doctor.js");
      return doctor(rest, config, logger);
    }
    case "start": {
      const { start } = await import("./main.js");
      await start(config);
      return -1;
    }
    default:
      throw new UsageError(`unknown command "${command}"\n${usage}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
    else if (error instanceof UsageError) process.stderr.write(`error: ${error.message}\n`);
    else if (error instanceof RenderCancelled) process.stderr.write(`${error.message}\n`);
    else if (isUserError(error)) process.stderr.write(`error: ${error.message}\n`);
    else process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    // 130: stopped by Ctrl-C, as shells report it.
    process.exitCode = error instanceof UsageError ? 2 : error instanceof RenderCancelled ? 130 : 1;
  },
);
