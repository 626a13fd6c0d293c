import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import type { Store } from "./contract.js";
import { openRedisStore } from "./redis/open.js";
import { type SqliteStoreOptions, openSqliteStore } from "./sqlite/open.js";

/** Redis when REDIS_URL is set, else the SQLite file in DATA_DIR. Rejects if Redis is unreachable. */
export async function openStore(
  config: Pick<Config, "dataDir" | "redisUrl">,
  options: { logger?: Logger | undefined; sqlite?: SqliteStoreOptions | undefined } = {},
): Promise<Store> {
  if (config.redisUrl) return openRedisStore(config.redisUrl, options);
  const store = openSqliteStore(config.dataDir, { ...options.sqlite, logger: options.logger });
  options.logger?.info("jobs are kept in the SQLite file in the data folder");
  return store;
}
