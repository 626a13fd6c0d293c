import { rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { type BotProcess, spawnBot } from "./bot-process.js";
import { type Fakes, resultMessages, startFakes, testImage, until } from "./harness.js";

let fakes: Fakes | undefined;
const bots: BotProcess[] = [];
afterEach(async () => {
  for (const bot of bots.splice(0)) if (bot.child.exitCode === null) bot.child.kill("SIGKILL");
  if (fakes) {
    await fakes.discord.close();
    await fakes.comfy.close();
    rmSync(fakes.dataDir, { recursive: true, force: true });
    fakes = undefined;
  }
});

describe("clean shutdown", () => {
  it("GIVEN SIGTERM mid-job THEN the bot exits cleanly, and after a start the job resumes and delivers", async () => {
    fakes = await startFakes({ comfy: { stepDelayMs: 60 }, discord: { rateLimits: "off" } });
    const f = fakes;
    const first = spawnBot(f.env, f.dataDir);
    bots.push(first);
    await first.ready;
    const image = f.discord.addAttachment("fox.png", await testImage(), "image/png");
    const handle = f.discord.sendSlashCommand({
      name: "i2v",
      options: { image, prompt: "goodnight", duration: 2 },
    });
    await handle.waitForCallback(5_000);
    await until(() => f.comfy.prompts.some((p) => p.status === 200));

    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    expect(f.comfy.connectedClients()).toEqual([]);

    const second = spawnBot(f.env, f.dataDir);
    bots.push(second);
    await second.ready;
    await until(() => resultMessages(f.discord).length === 1, 30_000);
    expect(f.comfy.prompts.filter((p) => p.status === 200)).toHaveLength(1);
    expect(second.logs.find((l) => l["msg"] === "bot ready")?.["recovered"]).toMatchObject({ resumed: 1 });
  }, 60_000);
});
