import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildIfStale, productionInstall } from "../support/build.js";
import { type BotProcess, fromBuild, spawnBot } from "./bot-process.js";
import { type Fakes, resultMessages, startFakes, testImage, until } from "./harness.js";

let install: string;
let fakes: Fakes | undefined;
let bot: BotProcess | undefined;

beforeAll(async () => {
  await buildIfStale();
  install = productionInstall();
}, 180_000);

afterAll(async () => {
  if (bot && bot.child.exitCode === null) bot.child.kill("SIGKILL");
  if (fakes) {
    await fakes.discord.close();
    await fakes.comfy.close();
    rmSync(fakes.dataDir, { recursive: true, force: true });
  }
  rmSync(install, { recursive: true, force: true });
});

describe("the built bot, as `npm start` and the Docker image run it", () => {
  it("GIVEN dist/ with production dependencies only and LOG_PRETTY=true THEN it starts, delivers a video, and stops cleanly on SIGTERM", async () => {
    expect(existsSync(join(install, "node_modules/discord.js"))).toBe(true);
    for (const tool of ["tsx", "esbuild", "typescript", "pino-pretty"])
      expect(existsSync(join(install, "node_modules", tool)), tool).toBe(false);

    const f = (fakes = await startFakes({ comfy: { stepDelayMs: 20 }, discord: { rateLimits: "off" } }));
    bot = spawnBot({ ...f.env, LOG_PRETTY: "true" }, f.dataDir, fromBuild(install));
    const exitedEarly = bot.exited.then((code) => Promise.reject(new Error(`the bot exited with ${code}`)));
    await Promise.race([bot.ready, exitedEarly]);
    // Without pino-pretty the lines stay JSON (the harness reads them), and the log says why.
    expect(bot.logs.some((l) => String(l["msg"]).includes("pino-pretty"))).toBe(true);

    const image = f.discord.addAttachment("fox.png", await testImage(), "image/png");
    const handle = f.discord.sendSlashCommand({
      name: "i2v",
      options: { image, prompt: "built", duration: 1 },
    });
    expect((await handle.waitForCallback(5_000)).type).toBe(5);
    await until(() => resultMessages(f.discord).length === 1, 30_000);
    expect(resultMessages(f.discord)[0]!.attachments[0]?.filename).toMatch(/\.mp4$/);

    bot.child.kill("SIGTERM");
    expect(await bot.exited).toBe(0);
  }, 90_000);
});
