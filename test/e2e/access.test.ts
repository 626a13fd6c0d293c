import { afterEach, describe, expect, it } from "vitest";
import type { FakeMessage, InteractionHandle } from "../fakes/discord/index.js";
import { type World, resultMessages, startWorld, testImage, until } from "./harness.js";

const studio = "200000000000000001";
const lounge = "200000000000000002";
const artist = "300000000000000001";
const mod = "300000000000000002";

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** alice is an Artist, bob has no role, carol is a moderator (an ADMIN_ROLES role). */
function startGuarded(env: Record<string, string> = {}) {
  return startWorld({
    discord: {
      rateLimits: "off",
      guilds: [
        {
          name: "Oelala",
          channels: [
            { id: studio, name: "generate" },
            { id: lounge, name: "lounge" },
          ],
          roles: [
            { id: artist, name: "Artist" },
            { id: mod, name: "Mod" },
          ],
        },
      ],
      users: [
        { username: "alice", roles: ["Artist"] },
        { username: "bob" },
        { username: "carol", roles: ["Mod"] },
      ],
    },
    env: {
      ALLOWED_CHANNELS: studio,
      ALLOWED_ROLES: artist,
      ADMIN_ROLES: mod,
      MAX_WAITING_PER_USER: "10",
      ...env,
    },
    bot: { channelSpacingMs: 0 },
    loras: ["orbit_cam_HN.safetensors", "orbit_cam_LN.safetensors"],
  });
}

function visibleReply(w: World, interactionId: string, channelId = studio): FakeMessage | undefined {
  return w.discord
    .channelMessages(channelId)
    .find((m) => m.interactionId === interactionId && !m.deleted && (m.flags & 64) === 0);
}

function customIdOf(message: FakeMessage, prefix: string): string {
  const match = new RegExp(`"custom_id":"(${prefix}:[^"]+)"`).exec(JSON.stringify(message.components));
  if (!match) throw new Error(`no ${prefix} button on message ${message.id}`);
  return match[1]!;
}

/**
 * The bot's answer when it is private. The defer comes first (it is sent before any check), so a
 * refusal arrives as a private message after it, and no visible reply is left in the channel.
 */
async function privateAnswer(w: World, handle: InteractionHandle) {
  await handle.waitForCallback(5_000);
  const channelId = handle.payload.channel_id ?? studio;
  const isPrivate = (m: FakeMessage) =>
    m.interactionId === handle.id && (m.flags & 64) === 64 && m.content !== "";
  const answer =
    w.discord.channelMessages(channelId).find(isPrivate) ??
    (
      (await w.discord.waitFor((e) => "message" in e && isPrivate(e.message), { timeoutMs: 10_000 })) as {
        message: FakeMessage;
      }
    ).message;
  await until(() => visibleReply(w, handle.id, channelId) === undefined, 5_000);
  return { content: answer.content, allowedMentions: answer.allowedMentions };
}

async function sendI2V(w: World, user: string, channelId = studio) {
  const image = w.discord.addAttachment("in.png", await testImage(320, 180), "image/png");
  return w.discord.sendSlashCommand({
    name: "i2v",
    user,
    channelId,
    options: { image, prompt: `${user}'s fox`, duration: 1 },
  });
}

/** Sends /i2v and waits until the job is stored (so queued) and its message shows the Cancel button. */
async function acceptedI2V(w: World, user: string) {
  const handle = await sendI2V(w, user);
  const jobId = () =>
    /"custom_id":"cancel:([^"]+)"/.exec(JSON.stringify(visibleReply(w, handle.id)?.components ?? []))?.[1];
  await until(() => jobId() !== undefined);
  const start = Date.now();
  while (!(await w.bot.jobs.find(jobId()!))) {
    if (Date.now() - start > 15_000) throw new Error("the job was never stored");
    await new Promise((r) => setTimeout(r, 20));
  }
  return handle;
}

describe("access control", () => {
  it("GIVEN a member without the allowed role THEN /i2v is refused privately, naming the role, and no job exists", async () => {
    world = await startGuarded();
    const w = world;
    const refused = await sendI2V(w, "bob");
    const answer = await privateAnswer(w, refused);
    expect(answer.content).toBe(`Making videos is only for members with the <@&${artist}> role.`);
    expect(answer.allowedMentions).toEqual({ parse: [] });
    expect(visibleReply(w, refused.id)).toBeUndefined();
    expect(w.bot.jobs.list()).toEqual([]);
    expect(w.comfy.uploads).toEqual([]);

    // Browsing needs no role.
    const help = w.discord.sendSlashCommand({ name: "help", user: "bob" });
    expect((await help.waitForCallback(5_000)).type).toBe(5);
  });

  it("GIVEN a member with the allowed role THEN the video is made", async () => {
    world = await startGuarded();
    const w = world;
    await acceptedI2V(w, "alice");
    await until(() => resultMessages(w.discord).length === 1, 30_000);
    expect(resultMessages(w.discord)[0]!.mentionedUserIds).toEqual([w.discord.user("alice").id]);
  });

  it("GIVEN another channel than the allowed one THEN making and browsing are refused there, naming the channel", async () => {
    world = await startGuarded();
    const w = world;
    const i2v = await sendI2V(w, "alice", lounge);
    expect((await privateAnswer(w, i2v)).content).toBe(`This bot only works in <#${studio}>.`);
    const loras = w.discord.sendSlashCommand({ name: "loras", user: "alice", channelId: lounge });
    expect((await privateAnswer(w, loras)).content).toBe(`This bot only works in <#${studio}>.`);
    const suggest = (channelId: string) =>
      w.discord.sendAutocomplete({
        name: "i2v",
        user: "alice",
        channelId,
        options: { lora: "" },
        focused: "lora",
      });
    const outside = (await suggest(lounge).waitForCallback(3_000)) as { data: { choices: unknown[] } };
    expect(outside.data.choices).toEqual([]);
    const inside = (await suggest(studio).waitForCallback(3_000)) as { data: { choices: unknown[] } };
    expect(inside.data.choices.length).toBeGreaterThan(0);
    expect(w.bot.jobs.list()).toEqual([]);
    expect(w.comfy.uploads).toEqual([]);
  });

  it("GIVEN a daily quota of 2 THEN the third job (even a Reroll) is refused with the reset time, and an admin is not limited", async () => {
    world = await startGuarded({ DAILY_QUOTA: "2" });
    const w = world;
    await acceptedI2V(w, "alice");
    await until(() => resultMessages(w.discord).length === 1, 30_000);
    const first = resultMessages(w.discord)[0]!;
    const reroll = w.discord.clickButton({ customId: customIdOf(first, "reroll"), messageId: first.id });
    expect((await reroll.waitForCallback(5_000)).type).toBe(5);
    await until(() => resultMessages(w.discord).length === 2, 30_000);

    const third = await sendI2V(w, "alice");
    const midnight = Math.ceil((Date.now() + 1) / 86_400_000) * 86_400_000;
    const answer = await privateAnswer(w, third);
    expect(answer.content).toMatch(/2 videos for today/);
    expect(answer.content).toContain(`<t:${midnight / 1000}:R>`);
    const again = w.discord.clickButton({ customId: customIdOf(first, "again"), messageId: first.id });
    expect((await privateAnswer(w, again)).content).toMatch(/2 videos for today/);

    for (let n = 0; n < 3; n++) await acceptedI2V(w, "carol");
    await until(() => resultMessages(w.discord).length === 5, 30_000);
    expect(w.comfy.uploads.length).toBeGreaterThanOrEqual(1);
  });

  it("GIVEN a moderator role in ADMIN_ROLES THEN they can cancel someone else's job, and others cannot", async () => {
    world = await startGuarded();
    const w = world;
    w.comfy.pause();
    const handle = await acceptedI2V(w, "alice");
    const message = visibleReply(w, handle.id)!;
    const cancelBy = async (user: string) => {
      const click = w.discord.clickButton({
        customId: customIdOf(message, "cancel"),
        messageId: message.id,
        user,
      });
      const reply = await w.discord.waitFor(
        (e) => e.type === "messageUpdate" && e.message.interactionId === click.id && e.message.content !== "",
      );
      return (reply as { message: FakeMessage }).message.content;
    };
    expect(await cancelBy("bob")).toMatch(/Only the person who started this job/);
    expect(await cancelBy("carol")).toMatch(/^Cancelled/);
    await until(() => w.bot.jobs.list().length === 0);
  });

  it("GIVEN NSFW_ONLY THEN videos are refused outside age-restricted channels and made inside them", async () => {
    world = await startGuarded({ NSFW_ONLY: "true" });
    const w = world;
    const refused = await sendI2V(w, "alice");
    expect((await privateAnswer(w, refused)).content).toMatch(/only be made in age-restricted channels/);
    expect(w.bot.jobs.list()).toEqual([]);

    // The owner marks the channel age-restricted; Discord tells the bot with CHANNEL_UPDATE.
    const guildId = w.discord.guilds[0]!.id;
    w.discord.dispatch("CHANNEL_UPDATE", {
      id: studio,
      type: 0,
      guild_id: guildId,
      name: "generate",
      position: 0,
      permission_overwrites: [],
      nsfw: true,
    });
    await until(() => {
      const channel = w.bot.client.channels.cache.get(studio);
      return channel !== undefined && "nsfw" in channel && channel.nsfw === true;
    });
    await acceptedI2V(w, "alice");
  });
});
