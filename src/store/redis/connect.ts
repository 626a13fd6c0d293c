import { createClient } from "@keyv/redis";
import type { Logger } from "../../logger.js";

export class RedisUnavailableError extends Error {
  override readonly name = "RedisUnavailableError";
}

export type RedisClient = Awaited<ReturnType<typeof connectRedis>>;

export interface RedisConnectOptions {
  logger?: Logger | undefined;
  /** Connection attempts before giving up at start (default 3); once connected, reconnects never stop. */
  startAttempts?: number;
  /** Per-attempt TCP connect timeout in ms (default 2000). */
  connectTimeoutMs?: number;
}

const maxBackoffMs = 2_000;

/** The URL as an operator may see it: everything but the password. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.href;
  } catch {
    return "(not a URL)";
  }
}

/**
 * Connects before returning so a Redis that is down fails the start instead of the first job. Store errors
 * are thrown, never swallowed.
 */
export async function connectRedis(url: string, options: RedisConnectOptions = {}) {
  const { logger, startAttempts = 3, connectTimeoutMs = 2_000 } = options;
  const where = `REDIS_URL=${redactRedisUrl(url)}`;
  let everReady = false;
  let healthy = false;

  const client = createClient({
    url,
    socket: {
      connectTimeout: connectTimeoutMs,
      // While running, writes wait in the client's offline queue for Redis to come back.
      reconnectStrategy: (retries: number, cause: Error) =>
        !everReady && retries + 1 >= startAttempts ? cause : Math.min(100 * 2 ** retries, maxBackoffMs),
    },
  });
  client.on("error", (error: unknown) => {
    if (!healthy) return;
    healthy = false;
    logger?.warn({ store: where, reason: messageOf(error) }, "Redis connection lost; job writes wait for it");
  });
  client.on("ready", () => {
    if (everReady && !healthy) logger?.info({ store: where }, "Redis connection restored");
    everReady = true;
    healthy = true;
  });

  try {
    await client.connect();
    // A refused password only shows on the first command.
    await client.ping();
  } catch (error) {
    if (client.isOpen) client.destroy();
    throw new RedisUnavailableError(
      `The job store at ${where} is not usable (${messageOf(error)}). ` +
        "Start Redis, fix REDIS_URL, or unset it to keep jobs in the SQLite file in DATA_DIR.",
      { cause: error },
    );
  }
  logger?.info({ store: where }, "jobs are kept in Redis");
  return client;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
