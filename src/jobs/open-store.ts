import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import KeyvSqlite from "@keyv/sqlite";
import Keyv from "keyv";
import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import { openRedisJobStore } from "./redis-store.js";
import { type JobStore, createKeyvJobStore } from "./store.js";

/** The default store: a SQLite file in the data folder. */
export function openSqliteJobStore(dataDir: string): JobStore {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const store = new KeyvSqlite({ uri: `sqlite://${join(dir, "oelala-bot.sqlite")}`, busyTimeout: 5_000 });
  // Errors must surface: a silently empty read of the active index would drop every active job on the next write.
  return createKeyvJobStore(new Keyv({ store, namespace: "oelala", throwOnErrors: true }));
}

/** Redis when REDIS_URL is set, else the SQLite file in DATA_DIR. Rejects if Redis is unreachable. */
export async function openJobStore(
  config: Pick<Config, "dataDir" | "redisUrl">,
  options: { logger?: Logger | undefined } = {},
): Promise<JobStore> {
  if (config.redisUrl) return openRedisJobStore(config.redisUrl, { logger: options.logger });
  return openSqliteJobStore(config.dataDir);
}
