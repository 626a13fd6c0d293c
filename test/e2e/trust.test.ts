import { REST, Routes } from "discord.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createCommands } from "../../commands/index.js";
import type { FakeMessage } from "../fakes/discord/index.js";
import { type World, privateReply, resultMessages, startWorld, testImage, until } from "./harness.js";

const ownersChannel = "210000000000000001";
const hersChannel = "220000000000000001";
const ownersGuild = "110000000000000001";
const hersGuild = "120000000000000001";
const bobsId = "130000000000000002";
/** Administrator and Manage Server: what the person who invited the bot holds in her own server. */
const serverOwnerPermissions = String((1n << 3n) | (1n << 5n));

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** The owner's server (alice, bob) and a stranger's server where mallory invited the public bot. */
async function twoServers(env: Record<string, string> = {}) {
  const w = await startWorld({
    discord: {
      rateLimits: "off",
      guilds: [
        { id: ownersGuild, name: "Oelala", channels: [{ id: ownersChannel, name: "generate" }] },
        { id: hersGuild, name: "Mallory's", channels: [{ id: hersChannel, name: "general" }] },
      ],
      users: [{ username: "alice" }, { id: bobsId, username: "bob" }, { username: "mallory" }],
    },
    env: { MAX_WAITING_PER_USER: "10", ...env },
    bot: { channelSpacingMs: 0 },
  });
  // The harness registers the commands in the first server; the bot was invited to the second too.
  const rest = new REST({ api: w.discord.apiUrl }).setToken(w.discord.token);
  const body = createCommands(w.config).map(
    ({ data: { integration_types: _i, contexts: _c, ...data } }) => data,
  );
  await rest.put(Routes.applicationGuildCommands(w.discord.applicationId, hersGuild), { body });
  return w;
}

function jobMessage(w: World, interactionId: string, channelId: string): FakeMessage | undefined {
  return w.discord
    .channelMessages(channelId)
    .find((m) => m.interactionId === interactionId && !m.deleted && (m.flags & 64) === 0);
}

async function i2v(w: World, user: string, channelId: string, prompt: string, memberPermissions?: string) {
  const image = w.discord.addAttachment("in.png", await testImage(320, 180), "image/png");
  return w.discord.sendSlashCommand({
    name: "i2v",
    user,
    channelId,
    options: { image, prompt, duration: 1 },
    ...(memberPermissions ? { memberPermissions } : {}),
  });
}

/** Sends /i2v and waits for its job message with the Cancel button; returns that message. */
async function accepted(w: World, user: string, channelId: string, prompt: string, perms?: string) {
  const handle = await i2v(w, user, channelId, prompt, perms);
  await until(() =>
    JSON.stringify(jobMessage(w, handle.id, channelId)?.components ?? []).includes("cancel:"),
  );
  const message = jobMessage(w, handle.id, channelId)!;
  const jobId = customIdOf(message, "cancel").slice("cancel:".length);
  await until(() => w.bot.jobs.list().some((j) => j.job.id === jobId));
  return message;
}

function customIdOf(message: FakeMessage, prefix: string): string {
  const match = new RegExp(`"custom_id":"(${prefix}:[^"]+)"`).exec(JSON.stringify(message.components));
  if (!match) throw new Error(`no ${prefix} button on message ${message.id}`);
  return match[1]!;
}

/** The ephemeral answer to a slash command (its deferred reply, once edited). */
async function ephemeralText(w: World, interactionId: string): Promise<string> {
  return (await privateReply(w, interactionId)).content;
}

/** A button press whose answer is private: the text of that answer. */
async function pressed(
  w: World,
  input: { customId: string; messageId: string; user: string; memberPermissions?: string },
) {
  const click = w.discord.clickButton(input);
  return ephemeralText(w, click.id);
}

describe("the trust model", () => {
  it("GIVEN ALLOWED_GUILDS unset and a server owner who invited the bot THEN she is no admin: quota holds, /queue and /status show nothing of others", async () => {
    world = await twoServers({ DAILY_QUOTA: "1" });
    const w = world;
    w.comfy.pause();
    const alices = await accepted(w, "alice", ownersChannel, "alice's secret lighthouse");

    // Her first video is accepted; the quota of 1 refuses the next two although she holds Administrator.
    await accepted(w, "mallory", hersChannel, "mallory 1", serverOwnerPermissions);
    for (const n of [2, 3]) {
      const refused = await i2v(w, "mallory", hersChannel, `mallory ${n}`, serverOwnerPermissions);
      expect(await ephemeralText(w, refused.id)).toMatch(/1 video for today/);
    }
    expect(
      w.bot.jobs.list().filter((j) => j.job.origin.userId === w.discord.user("mallory").id),
    ).toHaveLength(1);

    const queue = w.discord.sendSlashCommand({
      name: "queue",
      user: "mallory",
      channelId: hersChannel,
      memberPermissions: serverOwnerPermissions,
    });
    const queueText = await ephemeralText(w, queue.id);
    expect(queueText).toContain("mallory 1");
    expect(queueText).not.toContain(w.discord.user("alice").id);
    expect(queueText).not.toContain("lighthouse");
    expect(queueText).not.toContain(ownersGuild);
    expect(queueText).not.toContain(alices.id);

    const status = w.discord.sendSlashCommand({
      name: "status",
      user: "mallory",
      channelId: hersChannel,
      memberPermissions: serverOwnerPermissions,
    });
    const statusText = await ephemeralText(w, status.id);
    expect(statusText).toMatch(/up/);
    expect(statusText).not.toContain(String(w.comfy.port));
    expect(statusText).not.toContain("127.0.0.1");
    expect(statusText).not.toMatch(/RTX|GiB|cuda/);

    // Nor can she cancel alice's job.
    const cancel = await pressed(w, {
      customId: customIdOf(alices, "cancel"),
      messageId: alices.id,
      user: "mallory",
      memberPermissions: serverOwnerPermissions,
    });
    expect(cancel).toMatch(/Only the person who started this job/);
    expect(w.bot.jobs.list().some((j) => j.job.id === customIdOf(alices, "cancel").slice(7))).toBe(true);

    const warned = w.logs.find((l) => String(l["msg"]).includes("open to every server"));
    expect(String(warned?.["msg"])).toMatch(/Public Bot/);
  }, 60_000);

  it("GIVEN both servers allowed THEN an admin of one sees and cancels that server's jobs only", async () => {
    world = await twoServers({ ALLOWED_GUILDS: `${ownersGuild},${hersGuild}` });
    const w = world;
    w.comfy.pause();
    const alices = await accepted(w, "alice", ownersChannel, "alice's lighthouse");
    const bobs = await accepted(w, "bob", hersChannel, "bob's harbour");

    const queue = w.discord.sendSlashCommand({
      name: "queue",
      user: "mallory",
      channelId: hersChannel,
      memberPermissions: serverOwnerPermissions,
    });
    const queueText = await ephemeralText(w, queue.id);
    expect(queueText).toContain("bob's harbour");
    expect(queueText).not.toContain("lighthouse");

    // From her own server, alice's Cancel id (copied onto a message there) is refused.
    const denied = await pressed(w, {
      customId: customIdOf(alices, "cancel"),
      messageId: bobs.id,
      user: "mallory",
      memberPermissions: serverOwnerPermissions,
    });
    expect(denied).toMatch(/Only the person who started this job/);
    const allowed = await pressed(w, {
      customId: customIdOf(bobs, "cancel"),
      messageId: bobs.id,
      user: "mallory",
      memberPermissions: serverOwnerPermissions,
    });
    expect(allowed).toMatch(/^Cancelled/);
  }, 60_000);
});

describe("Reroll and Again under attack", () => {
  /** Alice's and bob's finished videos, and a job of alice's still running (its server paused). */
  let scene: { w: World; alicesResult: FakeMessage; bobsResult: FakeMessage; runningId: string };
  beforeAll(async () => {
    const w = await twoServers();
    scene = { w } as typeof scene;
    await accepted(w, "alice", ownersChannel, "alice's fox");
    await accepted(w, "bob", ownersChannel, "bob's owl");
    await until(() => resultMessages(w.discord).length === 2, 30_000);
    const [alicesResult, bobsResult] = ["alice's fox", "bob's owl"].map((p) =>
      resultMessages(w.discord).find((m) => JSON.stringify(m.embeds).includes(p))!,
    );
    w.comfy.pause();
    const running = await accepted(w, "alice", ownersChannel, "alice's running fox");
    const runningId = customIdOf(running, "cancel").slice("cancel:".length);
    scene = { w, alicesResult: alicesResult!, bobsResult: bobsResult!, runningId };
  }, 90_000);
  afterAll(async () => {
    await scene?.w.close();
  });

  it.each<{
    attack: string;
    customId: (s: typeof scene) => string;
    on: (s: typeof scene) => FakeMessage;
    user: string;
    refusal: RegExp;
  }>([
    {
      attack: "bob presses Reroll on alice's video",
      customId: (s) => customIdOf(s.alicesResult, "reroll"),
      on: (s) => s.alicesResult,
      user: "bob",
      refusal: /Only the person who made this video/,
    },
    {
      attack: "bob sends alice's Again id on his own result message",
      customId: (s) => customIdOf(s.alicesResult, "again"),
      on: (s) => s.bobsResult,
      user: "bob",
      refusal: /Only the person who made this video/,
    },
    {
      attack: "alice sends her own id on bob's message, which does not carry her video",
      customId: (s) => customIdOf(s.alicesResult, "reroll"),
      on: (s) => s.bobsResult,
      user: "alice",
      refusal: /Only the person who made this video/,
    },
    {
      attack: "a made-up job id",
      customId: () => "reroll:00000000-0000-4000-8000-000000000000",
      on: (s) => s.alicesResult,
      user: "alice",
      refusal: /no longer kept/,
    },
    {
      attack: "a running job's id on her finished message",
      customId: (s) => `again:${s.runningId}`,
      on: (s) => s.alicesResult,
      user: "alice",
      refusal: /not finished yet/,
    },
  ])("GIVEN $attack THEN it is refused and nothing starts", async ({ customId, on, user, refusal }) => {
    const { w, runningId } = scene;
    const answer = await pressed(w, { customId: customId(scene), messageId: on(scene).id, user });
    expect(answer).toMatch(refusal);
    const mine = w.bot.jobs.list().filter((j) => j.job.id !== runningId);
    expect(mine).toEqual([]);
  });

  it("GIVEN those refusals THEN the owner's own press on her own message still works", async () => {
    const { w, alicesResult } = scene;
    w.comfy.resume();
    const ok = w.discord.clickButton({
      customId: customIdOf(alicesResult, "reroll"),
      messageId: alicesResult.id,
      user: "alice",
    });
    expect((await ok.waitForCallback(5_000)).type).toBe(5);
    await until(() => resultMessages(w.discord).length === 4, 30_000);
  }, 60_000);
});

describe("the GPU cost budget", () => {
  it("GIVEN an ordinary user asking 720p, 10 s and 100 steps THEN it is refused with what fits, and an ADMIN_USERS owner is not limited", async () => {
    world = await twoServers({ MAX_JOB_COST: "1000", ADMIN_USERS: bobsId });
    const w = world;
    const expensive = async (user: string) => {
      const image = w.discord.addAttachment("in.png", await testImage(320, 180), "image/png");
      return w.discord.sendSlashCommand({
        name: "i2v",
        user,
        channelId: ownersChannel,
        options: { image, prompt: `${user}'s costly fox`, duration: 10, resolution: "720p", steps: 100 },
      });
    };
    for (let n = 0; n < 3; n++) {
      const refused = await expensive("alice");
      const text = await ephemeralText(w, refused.id);
      expect(text).toMatch(/would cost 14838 GPU units, and one video may cost at most 1000/);
      expect(text).toContain("at 720p, at most 0.5 s");
      expect(text).toContain("With the default 6 steps: at 720p, at most 10 s");
    }
    expect(w.bot.jobs.list()).toEqual([]);
    expect(w.comfy.uploads).toEqual([]);

    const admins = await expensive("bob");
    await until(() => w.bot.jobs.list().some((j) => j.job.origin.interactionToken === admins.token));
    expect(w.bot.jobs.list()[0]!.job.params).toMatchObject({ steps: 100, resolution: "720p" });
  }, 60_000);
});

describe("options a stale registration lets through", () => {
  it("GIVEN out-of-range /i2v options THEN the refusal is a plain sentence, not validation-library text", async () => {
    world = await twoServers();
    const w = world;
    const image = w.discord.addAttachment("in.png", await testImage(320, 180), "image/png");
    const handle = w.discord.sendSlashCommand({
      name: "i2v",
      user: "alice",
      channelId: ownersChannel,
      options: { image, prompt: "a fox", seed: -1, steps: 2 ** 60 },
    });
    const text = await ephemeralText(w, handle.id);
    expect(text).toContain("The seed value is out of range.");
    expect(text).toContain("The steps value is out of range.");
    expect(text).not.toMatch(/Too (big|small)|expected|9007199254740991/);
    expect(w.bot.jobs.list()).toEqual([]);
  }, 60_000);
});

describe("metrics", () => {
  it('GIVEN jobs waiting in the bot\'s queue THEN oelala_jobs{state="queued"} counts them', async () => {
    world = await twoServers({ PIPELINING: "false" });
    const w = world;
    w.comfy.pause();
    for (const n of [1, 2, 3]) await accepted(w, "alice", ownersChannel, `queued ${n}`);
    await until(() => w.bot.jobs.list().filter((j) => j.position !== undefined).length === 2);
    const text = await (await fetch(`${w.bot.http.url}/metrics`)).text();
    expect(text).toMatch(/^oelala_jobs\{state="queued"\} 2$/m);
  }, 60_000);
});
