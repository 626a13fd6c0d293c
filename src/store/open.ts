import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import type { Store } from "./contract.js";
import type { SqliteStoreOptions } from "./sqlite/open.js";

/** Redis when REDIS_URL is set, else the SQLite file in DATA_DIR. Rejects if Redis is unreachable. */
export async function openStore(
  config: Pick<Config, "dataDir" | "redisUrl">,
  options: { logger?: Logger | undefined; sqlite?: SqliteStoreOptions | undefined } = {},
): Promise<Store> {
  // Each backend loads only when chosen: a SQLite bot never loads the Redis client, and the reverse.
  if (config.redisUrl) {
    const { openRedisStore } = await import("./redis/open.js");
    return openRedisStore(config.redisUrl, options);
  }
  const { openSqliteStore } = await import("./sqlite/open.js");
  const store = openSqliteStore(config.dataDir, { ...options.sqlite, logger: options.logger });
  options.logger?.info("jobs are kept in the SQLite file in the data folder");
  return store;
}
