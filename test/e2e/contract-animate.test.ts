import { afterEach, describe, expect, it } from "vitest";
import { type World, resultMessages, startWorld, testImage, until } from "./harness.js";

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe("Animate across a restart", () => {
  it("GIVEN someone else's picture and a bot restart between the menu and the form's answer THEN that picture is animated", async () => {
    world = await startWorld({ discord: { rateLimits: "off" }, bot: { channelSpacingMs: 0 } });
    const w = world;
    const messageId = w.discord.postAsUser({
      user: "bob",
      content: "my fox",
      files: [{ name: "fox.png", data: await testImage(360, 640), contentType: "image/png" }],
    });
    const menu = w.discord.sendMessageContextCommand({
      name: "Animate with Oelala",
      targetMessage: messageId,
    });
    const modal = (await menu.waitForCallback(3_000)).data as { custom_id: string };

    await w.restartBot();
    w.discord.submitModal({
      customId: modal.custom_id,
      fields: { prompt: "the fox turns its head", duration: "1" },
    });
    await until(() => resultMessages(w.discord).length === 1, 30_000);
    expect(JSON.stringify(resultMessages(w.discord)[0]!.embeds)).toContain("9:16");
    // Without the Message Content intent the bot cannot read bob's message again; the stored pick is what it used.
    const refetched = w.discord.requests.filter(
      (r) => r.method === "GET" && r.path === `/channels/${w.discord.channel().id}/messages/${messageId}`,
    );
    expect(refetched).toEqual([]);
  }, 60_000);

  it("GIVEN a forged modal answer for a message nobody picked THEN nothing is animated", async () => {
    world = await startWorld({ discord: { rateLimits: "off" } });
    const w = world;
    const messageId = w.discord.postAsUser({
      user: "bob",
      files: [{ name: "fox.png", data: await testImage(), contentType: "image/png" }],
    });
    const submit = w.discord.submitModal({
      customId: `animate:${w.discord.channel().id}:${messageId}`,
      fields: { prompt: "a fox" },
    });
    await submit.waitForCallback(3_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(w.comfy.prompts).toEqual([]);
  });
});
