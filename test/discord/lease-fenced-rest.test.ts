/** A bot that lost the job store's lease sends nothing to Discord: the bot that holds it now answers and edits. */
import { rmSync } from "node:fs";
import { Routes } from "discord.js";
import { afterEach, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { createBotMetrics } from "../../src/metrics/bot-metrics.js";
import { createTeardown } from "../../src/startup/teardown.js";
import { wireDiscordEdge } from "../../src/wiring/discord.js";
import { type Fakes, startFakes } from "../e2e/harness.js";
import { silent } from "../pool/fixtures.js";

let fakes: Fakes | undefined;
const teardown = createTeardown();
afterEach(async () => {
  await teardown.run();
  if (fakes) {
    await fakes.discord.close();
    await fakes.comfy.close();
    rmSync(fakes.dataDir, { recursive: true, force: true });
    fakes = undefined;
  }
});

it("GIVEN the bot's lease lapsed (it was paused, or another bot took over) THEN its Discord client posts nothing more and says why", async () => {
  const f = (fakes = await startFakes());
  const config = loadConfig(f.env);
  let held = true;
  const deps = {
    logger: silent,
    now: Date.now,
    metrics: createBotMetrics({ comfyServers: () => [] }),
    linkFor: async () => undefined,
    leaseHeld: () => held,
  };
  const { client, restAgent } = wireDiscordEdge(config, deps, {}, teardown);
  teardown.add(() => restAgent.close());
  client.rest.setToken(f.discord.token);
  const channelId = f.discord.channel().id;
  const post = (content: string) =>
    client.rest.post(Routes.channelMessages(channelId), { body: { content } });

  await post("while ours");
  held = false;
  await expect(post("after the lease lapsed")).rejects.toThrow(
    "this bot no longer holds the job store's lease",
  );
  expect(f.discord.channelMessages(channelId).map((m) => m.content)).toEqual(["while ours"]);
});
