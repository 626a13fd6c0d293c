import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@keyv/redis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { type Config, ConfigError, loadConfig } from "../../src/config.js";
import type { JobRecord } from "../../src/jobs/job.js";
import { openJobStore } from "../../src/jobs/open-store.js";
import { RedisUnavailableError } from "../../src/jobs/redis-store.js";
import { createLogger } from "../../src/logger.js";
import { type RedisServer, findRedisServer, freePort, startRedisServer } from "../support/redis.js";

type StoreLocation = Pick<Config, "dataDir" | "redisUrl">;

const password = "s3cret-pa55";
const inCi = !!process.env.CI && !["false", "0"].includes(process.env.CI);
const redisBinary = findRedisServer();
const skipRedis = !redisBinary && !inCi;
if (skipRedis) {
  console.warn("Redis job store tests skipped: no redis-server on PATH (CI=true makes this a failure).");
}

const dirs: string[] = [];
function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), "oelala-store-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

let redis: RedisServer | undefined;
async function startRedis() {
  if (!redisBinary) {
    throw new Error("redis-server is not on PATH; CI must install it: apt-get install -y redis-server");
  }
  redis = await startRedisServer({ binary: redisBinary, password });
}
async function stopRedis() {
  await redis?.stop();
  redis = undefined;
}
const rawClient = (url: string) => createClient({ url });
async function withRedisClient<T>(work: (client: ReturnType<typeof rawClient>) => Promise<T>) {
  if (!redis) throw new Error("the test Redis is not running");
  const client = rawClient(redis.url);
  await client.connect();
  try {
    return await work(client);
  } finally {
    client.destroy();
  }
}

interface Backend {
  name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** An empty place for one test's store. */
  fresh(): Promise<StoreLocation>;
}

const sqlite: Backend = {
  name: "SQLite",
  start: async () => undefined,
  stop: async () => undefined,
  fresh: async () => ({ dataDir: tempDir() }),
};
const redisBackend: Backend = {
  name: "Redis",
  start: startRedis,
  stop: stopRedis,
  async fresh() {
    await withRedisClient((client) => client.flushAll());
    return { dataDir: tempDir(), redisUrl: redis?.url };
  },
};
const backends = skipRedis ? [sqlite] : [sqlite, redisBackend];

function job(id: string, createdAt: number, state: JobRecord["state"] = "queued"): JobRecord {
  return {
    id,
    state,
    createdAt,
    updatedAt: createdAt,
    origin: { userId: "u1", channelId: "c1", attachmentSizeLimit: 10 * 1024 * 1024 },
    request: { prompt: "a fox", durationSeconds: 5, aspect: "16:9", resolution: "480p" },
    imagePath: "/tmp/x.png",
    width: 832,
    height: 480,
    params: {
      prompt: "a fox",
      negative: "",
      durationSeconds: 5,
      aspect: "16:9",
      resolution: "480p",
      fps: 16,
      steps: 6,
      cfg: 1,
      splitStep: 3,
      seed: 42,
    },
    attempts: 0,
  };
}

describe.each(backends)("$name job store", (backend) => {
  beforeAll(() => backend.start());
  afterAll(() => backend.stop());

  it("GIVEN jobs written and the store closed THEN a new store on the same storage sees the unfinished ones and the meta", async () => {
    const location = await backend.fresh();
    const first = await openJobStore(location);
    await first.put(job("a", 1));
    await first.put(job("b", 2));
    await first.put({ ...job("c", 3), state: "running", promptId: "p-c" });
    await first.put({ ...job("a", 1), state: "done" });
    await first.setMeta("phaseCosts", { loading: 1 });
    await first.close();

    const second = await openJobStore(location);
    const active = await second.active();
    expect(active.map((j) => [j.id, j.state, j.promptId])).toEqual([
      ["b", "queued", undefined],
      ["c", "running", "p-c"],
    ]);
    expect((await second.get("a"))?.state).toBe("done");
    expect(await second.getMeta("phaseCosts", z.object({ loading: z.number() }))).toEqual({ loading: 1 });
    await second.close();
  });

  it("GIVEN many puts at once, some finishing jobs THEN the active index lists exactly the unfinished ones, also after a restart", async () => {
    const location = await backend.fresh();
    const store = await openJobStore(location);
    const ids = Array.from({ length: 40 }, (_, i) => `job-${i}`);
    await Promise.all(ids.map((id, i) => store.put(job(id, 100 + i))));
    await Promise.all([
      ...ids.map((id, i) => store.put(job(id, 100 + i, i % 2 === 0 ? "done" : "running"))),
      ...ids.map((id, i) => store.put(job(`late-${id}`, 500 + i))),
      store.setMeta("phaseCosts", { loading: 2 }),
    ]);
    const expected = [
      ...ids.filter((_, i) => i % 2 === 1).map((id) => [id, "running"]),
      ...ids.map((id) => [`late-${id}`, "queued"]),
    ];
    expect((await store.active()).map((j) => [j.id, j.state])).toEqual(expected);
    await store.close();

    const reopened = await openJobStore(location);
    expect((await reopened.active()).map((j) => [j.id, j.state])).toEqual(expected);
    await reopened.close();
  });

  it("GIVEN a job with a long interaction token and non-ASCII prompt THEN it comes back unchanged after a restart", async () => {
    const location = await backend.fresh();
    const prompt = "een vos 🦊 in de sneeuw — “zacht licht”\nslow pan";
    const original: JobRecord = {
      ...job("tok", 7),
      origin: {
        userId: "123456789012345678",
        guildId: "223456789012345678",
        channelId: "323456789012345678",
        locale: "nl",
        applicationId: "423456789012345678",
        interactionToken: `aW50ZXJhY3Rpb246${randomBytes(3072).toString("base64url")}`,
        interactionAt: 1_700_000_000_000,
        attachmentSizeLimit: 25 * 1024 * 1024,
      },
      request: { ...job("tok", 7).request, prompt },
    };
    const first = await openJobStore(location);
    await first.put(original);
    await first.close();

    const second = await openJobStore(location);
    expect(await second.get("tok")).toEqual(original);
    expect(await second.active()).toEqual([original]);
    await second.close();
  });
});

describe.skipIf(skipRedis)("Redis job store configuration", () => {
  beforeAll(startRedis);
  afterAll(stopRedis);

  function capturedLogger() {
    const lines: string[] = [];
    return { lines, logger: createLogger({ level: "trace", destination: { write: (l) => lines.push(l) } }) };
  }

  it("GIVEN REDIS_URL set THEN jobs live in Redis under the oelala namespace and no SQLite file appears", async () => {
    const location = await redisBackend.fresh();
    const store = await openJobStore(location);
    await store.put(job("n1", 1));
    await store.close();

    const keys = await withRedisClient((client) => client.keys("*"));
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((key) => key.startsWith("oelala::"))).toBe(true);
    expect(readdirSync(location.dataDir)).toEqual([]);
  });

  it("GIVEN Redis down at start THEN the start fails naming REDIS_URL and never showing the password", async () => {
    const port = await freePort();
    const { lines, logger } = capturedLogger();
    const redisUrl = `redis://oelala:hunter2-pw@127.0.0.1:${port}/0`;
    const error = await openJobStore({ dataDir: tempDir(), redisUrl }, { logger }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RedisUnavailableError);
    const shown = String(error);
    expect(shown).toContain(`REDIS_URL=redis://oelala:***@127.0.0.1:${port}/0`);
    expect(shown).toContain("ECONNREFUSED");
    logger.error({ err: error }, "start failed");
    expect(lines.length).toBeGreaterThan(0);
    for (const text of [shown, ...lines]) expect(text).not.toContain("hunter2-pw");
  });

  it("GIVEN the wrong password THEN the start fails naming REDIS_URL and never showing either password", async () => {
    if (!redis) throw new Error("the test Redis is not running");
    const { lines, logger } = capturedLogger();
    const redisUrl = `redis://:wrong-pw-77@127.0.0.1:${redis.port}`;
    const error = await openJobStore({ dataDir: tempDir(), redisUrl }, { logger }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RedisUnavailableError);
    const shown = String(error);
    expect(shown).toContain(`REDIS_URL=redis://:***@127.0.0.1:${redis.port}`);
    expect(shown).toMatch(/WRONGPASS/);
    logger.error({ err: error }, "start failed");
    for (const text of [shown, ...lines]) {
      expect(text).not.toContain("wrong-pw-77");
      expect(text).not.toContain(password);
    }
  });

  it("GIVEN no password for a protected Redis THEN the start fails instead of the first job", async () => {
    if (!redis) throw new Error("the test Redis is not running");
    const redisUrl = `redis://127.0.0.1:${redis.port}`;
    await expect(openJobStore({ dataDir: tempDir(), redisUrl })).rejects.toThrow(/REDIS_URL=.*NOAUTH/);
  });
});

describe("REDIS_URL setting", () => {
  it("GIVEN no REDIS_URL THEN jobs stay in the SQLite file in DATA_DIR", async () => {
    const config = loadConfig({ DATA_DIR: tempDir() });
    expect(config.redisUrl).toBeUndefined();
    const store = await openJobStore(config);
    await store.put(job("s1", 1));
    await store.close();
    expect(existsSync(join(config.dataDir, "oelala-bot.sqlite"))).toBe(true);
  });

  it("GIVEN a redis:// or rediss:// URL THEN it is taken as given; anything else is refused by name", () => {
    expect(loadConfig({ REDIS_URL: "rediss://bot:pw@cache.internal:6380/2" }).redisUrl).toBe(
      "rediss://bot:pw@cache.internal:6380/2",
    );
    expect(loadConfig({ REDIS_URL: "" }).redisUrl).toBeUndefined();
    for (const bad of ["http://cache:6379", "redis://", "cache:6379"]) {
      const error = (() => {
        try {
          loadConfig({ REDIS_URL: bad });
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems.join("\n")).toMatch(/^REDIS_URL: /);
    }
  });
});
