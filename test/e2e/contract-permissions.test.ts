import { afterEach, describe, expect, it } from "vitest";
import { type World, privateReply, resultMessages, startWorld, testImage, until } from "./harness.js";

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const all = 2248473465835073n; // the fake's default for the bot's role
const SEND_MESSAGES = 1n << 11n;
const ATTACH_FILES = 1n << 15n;

async function i2v(w: World) {
  const image = w.discord.addAttachment("in.png", await testImage(320, 180), "image/png");
  return w.discord.sendSlashCommand({ name: "i2v", options: { image, prompt: "a fox", duration: 1 } });
}

describe("the bot's permissions in the channel", () => {
  it("GIVEN the bot may not attach files in the channel THEN /i2v is refused with a sentence naming it and who can grant it, and no job is made", async () => {
    world = await startWorld({ discord: { rateLimits: "off" } });
    const w = world;
    w.discord.setChannelPermissions(w.discord.channel().id, all & ~ATTACH_FILES);
    const handle = await i2v(w);
    const reply = await privateReply(w, handle.id);
    expect(reply.content).toContain("Attach Files");
    expect(reply.content).toMatch(/Manage Channels/);
    expect(reply.content).not.toContain("Send Messages");
    expect(w.bot.jobs.list()).toEqual([]);
    expect(w.comfy.prompts).toEqual([]);
  });

  it("GIVEN the bot may not send messages THEN Animate refuses at once, before its form opens", async () => {
    world = await startWorld({ discord: { rateLimits: "off" } });
    const w = world;
    const messageId = w.discord.postAsUser({
      files: [{ name: "fox.png", data: await testImage(), contentType: "image/png" }],
    });
    w.discord.setChannelPermissions(w.discord.channel().id, all & ~SEND_MESSAGES);
    const handle = w.discord.sendMessageContextCommand({
      name: "Animate with Oelala",
      targetMessage: messageId,
    });
    const answer = await handle.waitForCallback(3_000);
    expect(answer.type).toBe(4);
    expect(JSON.stringify(answer.data)).toContain("Send Messages");
  });

  it("GIVEN the bot loses Send Messages while a job runs THEN the video still arrives, through the interaction while its token lives", async () => {
    world = await startWorld({ discord: { rateLimits: "off" }, bot: { channelSpacingMs: 0 } });
    const w = world;
    w.comfy.pause();
    const handle = await i2v(w);
    await until(() => w.bot.jobs.list().length === 1);
    w.discord.setChannelPermissions(w.discord.channel().id, all & ~SEND_MESSAGES);
    w.comfy.resume();
    await until(() => resultMessages(w.discord).length === 1, 30_000);
    const result = resultMessages(w.discord)[0]!;
    expect(result.interactionId).toBe(handle.id);
    expect(result.ephemeral).toBe(false);
    expect(result.attachments[0]?.filename).toMatch(/\.mp4$/);
    expect(result.mentionedUserIds).toEqual([w.discord.user("alice").id]);
  });

  it("GIVEN the permission is lost and the interaction token is dead THEN the owner gets the video by direct message", async () => {
    world = await startWorld({ discord: { rateLimits: "off" }, bot: { channelSpacingMs: 0 } });
    const w = world;
    w.comfy.pause();
    const handle = await i2v(w);
    await until(() => w.bot.jobs.list().length === 1);
    w.discord.setChannelPermissions(w.discord.channel().id, all & ~SEND_MESSAGES);
    w.discord.expireToken(handle.token);
    w.comfy.resume();
    const alice = w.discord.user("alice").id;
    await until(() => w.discord.dmMessages(alice).some((m) => m.attachments.length > 0), 30_000);
    const dm = w.discord.dmMessages(alice).find((m) => m.attachments.length > 0)!;
    expect(dm.attachments[0]?.filename).toMatch(/\.mp4$/);
    expect(dm.content).toMatch(/could not post/i);
    expect(resultMessages(w.discord)).toEqual([]);
  });
});
