import { createRequire } from "node:module";
import type { DestinationStream } from "pino";
import type PinoPretty from "pino-pretty";

/**
 * pino-pretty is a development dependency: a production install (`npm ci --omit=dev`, the Docker image)
 * has none, and its logs stay JSON lines. Resolved from this file, as the bot's own imports are.
 */
const require = createRequire(import.meta.url);

/** Where pino-pretty is installed, for pino's transport worker; undefined when it is not. */
export function pinoPrettyPath(): string | undefined {
  try {
    return require.resolve("pino-pretty");
  } catch {
    return undefined;
  }
}

/** `destination`, with each JSON line turned into a human-readable one; undefined without pino-pretty. */
export function prettyDestination(destination: DestinationStream): DestinationStream | undefined {
  const path = pinoPrettyPath();
  if (!path) return undefined;
  const { prettyFactory } = require(path) as typeof PinoPretty;
  const prettify = prettyFactory({ colorize: false });
  return { write: (line: string) => destination.write(prettify(line)) };
}

export const prettyMissing =
  "pretty logs need pino-pretty, a development dependency that is not installed; writing JSON lines";
