import { rmSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type RedisServer, findRedisServer, startRedisServer } from "../support/redis.js";
import type { FakeMessage } from "../fakes/discord/index.js";
import { type BotProcess, spawnBot } from "./bot-process.js";
import {
  type Fakes,
  type World,
  resultMessages,
  startFakes,
  startWorld,
  testImage,
  until,
} from "./harness.js";

let world: World | undefined;
let fakes: Fakes | undefined;
const bots: BotProcess[] = [];
afterEach(async () => {
  for (const bot of bots.splice(0)) if (bot.child.exitCode === null) bot.child.kill("SIGKILL");
  await world?.close();
  world = undefined;
  if (fakes) {
    await fakes.discord.close();
    await fakes.comfy.close();
    rmSync(fakes.dataDir, { recursive: true, force: true });
    fakes = undefined;
  }
});

const accepted = (f: { comfy: { prompts: { status: number }[] } }) =>
  f.comfy.prompts.filter((p) => p.status === 200);

/**
 * The same suite runs on both stores. Redis must be there in CI (.ci/run installs it); on a developer
 * machine without redis-server the Redis half says so and is skipped.
 */
const inCi = !!process.env["CI"] && !["false", "0"].includes(process.env["CI"]!);
if (!findRedisServer() && !inCi) console.warn("Redis half of jobs-recovery skipped: no redis-server on PATH");
const backends = [{ name: "SQLite" }, ...(findRedisServer() || inCi ? [{ name: "Redis" }] : [])];

let redis: RedisServer | undefined;
let database = 0;
beforeAll(async () => {
  if (backends.some((b) => b.name === "Redis")) redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});
/** Each test gets its own Redis database, as a fresh data folder gets its own SQLite file. */
function storeEnv(backend: { name: string }): Record<string, string> {
  return backend.name === "Redis" ? { REDIS_URL: `${redis!.url}/${++database}` } : {};
}

describe.each(backends)("jobs survive ($name store)", (backend) => {
  it("GIVEN the bot is killed with SIGKILL mid-job THEN after a restart the video arrives, exactly once", async () => {
    fakes = await startFakes({
      comfy: { stepDelayMs: 60 },
      discord: { rateLimits: "off" },
      env: storeEnv(backend),
    });
    const f = fakes;
    const first = spawnBot(f.env, f.dataDir);
    bots.push(first);
    await first.ready;

    const image = f.discord.addAttachment("fox.png", await testImage(), "image/png");
    const handle = f.discord.sendSlashCommand({
      name: "i2v",
      options: { image, prompt: "survive", duration: 2 },
    });
    await handle.waitForCallback(5_000);
    await until(() => accepted(f).length === 1);
    await new Promise((r) => setTimeout(r, 400));
    first.child.kill("SIGKILL");
    await first.exited;
    expect(resultMessages(f.discord)).toEqual([]);

    const second = spawnBot(f.env, f.dataDir);
    bots.push(second);
    await second.ready;
    await until(() => resultMessages(f.discord).length === 1, 30_000);
    // Give a duplicate every chance to show up before counting.
    await new Promise((r) => setTimeout(r, 1_500));
    const results = resultMessages(f.discord);
    expect(results).toHaveLength(1);
    expect(results[0]!.attachments[0]!.bytes.subarray(4, 8).toString("latin1")).toBe("ftyp");
    expect(accepted(f)).toHaveLength(1);
    expect(second.logs.find((l) => l["msg"] === "bot ready")?.["recovered"]).toMatchObject({ resumed: 1 });
  }, 60_000);

  it("GIVEN ComfyUI restarts mid-job and loses its queue THEN the job is sent again, delivered, and the user is told", async () => {
    world = await startWorld({
      comfy: { stepDelayMs: 60 },
      discord: { rateLimits: "off" },
      env: storeEnv(backend),
    });
    const w = world;
    const image = w.discord.addAttachment("fox.png", await testImage(), "image/png");
    const handle = w.discord.sendSlashCommand({
      name: "i2v",
      options: { image, prompt: "restart", duration: 2 },
    });
    await handle.waitForCallback(3_000);
    await until(() => w.bot.jobs.list()[0]?.job.state === "running");
    await w.comfy.restart({ loseQueue: true, downMs: 300 });

    await until(() => resultMessages(w.discord).length === 1, 40_000);
    const notice = w.discord
      .channelMessages(w.discord.channel().id)
      .find((m: FakeMessage) => m.content.includes("restarted and lost your job"));
    expect(notice?.mentionedUserIds).toEqual([w.discord.user("alice").id]);
    expect(accepted(w).length).toBe(2);
    expect(resultMessages(w.discord)[0]!.attachments).toHaveLength(1);
  }, 60_000);
});
