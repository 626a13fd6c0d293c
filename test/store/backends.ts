import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@keyv/redis";
import { createLogger } from "../../src/logger.js";
import type { Store } from "../../src/store/contract.js";
import { openRedisStore } from "../../src/store/redis/open.js";
import { openSqliteStore } from "../../src/store/sqlite/open.js";
import { type RedisServer, findRedisServer, startRedisServer } from "../support/redis.js";

const inCi = !!process.env["CI"] && !["false", "0"].includes(process.env["CI"]!);
export const redisBinary = findRedisServer();
/** Without redis-server the Redis half is skipped with this reason; in CI it must run. */
export const redisSkipReason =
  !redisBinary && !inCi
    ? "no redis-server on PATH (apt-get install -y redis-server; CI=true makes this a failure)"
    : undefined;

export function capturedLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({
    level: "trace",
    destination: { write: (l: string) => void lines.push(JSON.parse(l) as Record<string, unknown>) },
  });
  return { lines, logger };
}

export interface Backend {
  name: "SQLite" | "Redis";
  start(): Promise<void>;
  stop(): Promise<void>;
  /** A new, empty place; `open` gives a store (a new connection each call) on that same place. */
  fresh(): Promise<{
    open(logger?: ReturnType<typeof capturedLogger>["logger"]): Promise<Store>;
    raw: RawAccess;
  }>;
}

/** Writes behind the store's back, as an older or newer bot version would have. */
export interface RawAccess {
  setJobVersion(id: string, version: number): Promise<void>;
}

const opened: Store[] = [];
const dirs: string[] = [];
export async function closeAll() {
  for (const store of opened.splice(0)) await store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export const sqliteBackend: Backend = {
  name: "SQLite",
  start: async () => undefined,
  stop: async () => undefined,
  async fresh() {
    const dir = mkdtempSync(join(tmpdir(), "oelala-contract-"));
    dirs.push(dir);
    return {
      async open(logger) {
        const store = openSqliteStore(dir, { logger });
        opened.push(store);
        return store;
      },
      raw: {
        async setJobVersion(id, version) {
          const store = openSqliteStore(dir);
          store.db.prepare("UPDATE jobs SET version = ? WHERE id = ?").run(version, id);
          await store.close();
        },
      },
    };
  },
};

let redis: RedisServer | undefined;
let database = 0;
export const redisBackend: Backend = {
  name: "Redis",
  async start() {
    redis = await startRedisServer(redisBinary ? { binary: redisBinary } : {});
  },
  async stop() {
    await redis?.stop();
    redis = undefined;
  },
  async fresh() {
    if (!redis) throw new Error("the test Redis is not running");
    const url = `${redis.url}/${++database % 16}`;
    const client = createClient({ url });
    await client.connect();
    await client.flushDb();
    client.destroy();
    return {
      async open(logger) {
        const store = await openRedisStore(url, { logger });
        opened.push(store);
        return store;
      },
      raw: {
        async setJobVersion(id, version) {
          const raw = createClient({ url });
          await raw.connect();
          await raw.hSet(`oelala:job:${id}`, "v", String(version));
          raw.destroy();
        },
      },
    };
  },
};

export const backends: Backend[] = redisSkipReason ? [sqliteBackend] : [sqliteBackend, redisBackend];
