import pino, { type DestinationStream, type Logger } from "pino";
import { pinoPrettyPath, prettyDestination, prettyMissing } from "./log-pretty.js";

export type { Logger };

const censor = "[redacted]";

/**
 * Paths whose values never reach a log line. Redaction paths have fixed depth, so each secret is listed at
 * the depths it is logged at: `{ job }`, `{ jobs: { job } }`, `{ config }`, `{ env }`, `{ err }`,
 * `{ request: { headers } }`, and child bindings (which pino redacts too).
 */
export const redactPaths = [
  "token",
  "*.token",
  "*.*.token",
  "config.discordToken",
  "DISCORD_TOKEN",
  "*.DISCORD_TOKEN",
  "interactionToken",
  "*.interactionToken",
  "*.*.interactionToken",
  "*.*.*.interactionToken",
  "authorization",
  "Authorization",
  "headers.authorization",
  "headers.Authorization",
  "*.headers.authorization",
  "*.headers.Authorization",
  "*.*.headers.authorization",
  "*.*.headers.Authorization",
  // Not secrets themselves, but discord.js errors put webhook and interaction tokens in their URL.
  "url",
  "*.url",
  "*.*.url",
];

const urlSecret = /(\/(?:webhooks|interactions)\/[^/?#\s]+\/)[^/?#\s]+/g;

/** A URL with its webhook or interaction token replaced; everything else stays for debugging. */
export function hideUrlSecrets(text: string): string {
  return text.replace(urlSecret, `$1${censor}`);
}

function censorValue(value: unknown, path: readonly unknown[]): unknown {
  if (path.at(-1) !== "url") return censor;
  return typeof value === "string" || value instanceof URL ? hideUrlSecrets(String(value)) : value;
}

export interface LoggerOptions {
  level?: string;
  /** Where JSON lines go; tests pass a sink. Default: stdout, pretty when it is a terminal. */
  destination?: DestinationStream;
  /** Human-readable lines. Default: only when there is no `destination` and stdout is a terminal. */
  pretty?: boolean;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const base = {
    level: options.level ?? "info",
    redact: { paths: redactPaths, censor: censorValue },
  };
  if (options.destination) {
    const pretty = options.pretty === true ? prettyDestination(options.destination) : undefined;
    const logger = pino(base, pretty ?? options.destination);
    if (options.pretty === true && !pretty) logger.warn(prettyMissing);
    return logger;
  }
  const pretty = options.pretty ?? process.stdout.isTTY === true;
  const target = pretty ? pinoPrettyPath() : undefined;
  if (target) {
    return pino({ ...base, transport: { target, options: { colorize: true, destination: 1 } } });
  }
  const logger = pino(base);
  if (options.pretty === true) logger.warn(prettyMissing);
  return logger;
}

/** The fields that identify a job in every line of its life; never the origin (it holds the token). */
export interface JobLogFields {
  id: string;
  origin: { userId: string; guildId?: string | undefined };
  server?: string | undefined;
  promptId?: string | undefined;
}

/** A child logger for one job, so `jobId` (and user, server, prompt when known) is on each line. */
export function jobLogger(logger: Logger, job: JobLogFields): Logger {
  return logger.child({
    jobId: job.id,
    userId: job.origin.userId,
    ...(job.origin.guildId ? { guildId: job.origin.guildId } : {}),
    ...(job.server ? { server: job.server } : {}),
    ...(job.promptId ? { promptId: job.promptId } : {}),
  });
}
