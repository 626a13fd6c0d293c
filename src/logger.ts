import pino, { type DestinationStream, type Logger } from "pino";

export type { Logger };

/** Paths whose values never reach a log line. */
export const redactPaths = [
  "token",
  "*.token",
  "config.discordToken",
  "headers.authorization",
  "*.headers.authorization",
  "env.DISCORD_TOKEN",
];

export interface LoggerOptions {
  level?: string;
  /** Where JSON lines go; tests pass a sink. Default: stdout, pretty when it is a terminal. */
  destination?: DestinationStream;
  pretty?: boolean;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const base = {
    level: options.level ?? "info",
    redact: { paths: redactPaths, censor: "[redacted]" },
  };
  if (options.destination) return pino(base, options.destination);
  const pretty = options.pretty ?? process.stdout.isTTY === true;
  if (pretty) {
    return pino({
      ...base,
      transport: { target: "pino-pretty", options: { colorize: true, destination: 1 } },
    });
  }
  return pino(base);
}
