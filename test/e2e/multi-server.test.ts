import { afterEach, describe, expect, it } from "vitest";
import { type ComfyEmulator, startComfyEmulator } from "../fakes/comfy/index.js";
import type { FakeDiscordEvent, FakeMessage } from "../fakes/discord/index.js";
import { freePort } from "../support/redis.js";
import { type World, ownerModels, resultMessages, startWorld, testImage, until } from "./harness.js";

let world: World | undefined;
let extra: ComfyEmulator[] = [];
afterEach(async () => {
  await world?.close();
  world = undefined;
  await Promise.all(extra.map((e) => e.close()));
  extra = [];
});

const singleGpu = { stepDelayMs: 40, devices: ["cpu", "cuda:0"], models: { ...ownerModels, loras: [] } };

/** Server A is the harness's emulator (three devices); server B, "gpu2", has one GPU and its own placement. */
const ownersGuild = "110000000000000001";

async function twoServers(): Promise<{ w: World; a: ComfyEmulator; b: ComfyEmulator }> {
  const portA = await freePort();
  const b = await startComfyEmulator(singleGpu);
  extra.push(b);
  world = await startWorld({
    comfy: { port: portA, stepDelayMs: 25 },
    discord: {
      rateLimits: "off",
      guilds: [{ id: ownersGuild, name: "Oelala" }],
      users: ["alice", "bob"].map((username) => ({ username })),
    },
    env: {
      // Manage Server makes an admin only in the owner's own servers.
      ALLOWED_GUILDS: ownersGuild,
      COMFYUI_SERVERS: JSON.stringify([
        { url: `http://127.0.0.1:${portA}` },
        { url: b.url, name: "gpu2", allocation: "cuda:0,8gb;cpu,*", computeDevice: "cuda:0" },
      ]),
      COMFYUI_HEALTH_INTERVAL_SECONDS: "0.1",
      COMFYUI_DOWN_GRACE_SECONDS: "0.5",
    },
    bot: { channelSpacingMs: 0 },
  });
  return { w: world, a: world.comfy, b };
}

type Prompt = Record<string, { inputs: Record<string, unknown> }>;
const accepted = (server: ComfyEmulator) =>
  server.prompts.filter((p) => p.status === 200).map((p) => (p.body as { prompt: Prompt }).prompt);
const promptTexts = (server: ComfyEmulator) => accepted(server).map((p) => String(p["9"]?.inputs["text"]));

async function submit(w: World, user: string, prompt: string) {
  const image = w.discord.addAttachment("in.png", await testImage(320, 180), "image/png");
  const handle = w.discord.sendSlashCommand({ name: "i2v", user, options: { image, prompt, duration: 1 } });
  await handle.waitForCallback(3_000);
}

/** Runs /status and returns the private reply's text. */
async function status(w: World, admin: boolean): Promise<string> {
  const handle = w.discord.sendSlashCommand({
    name: "status",
    ...(admin ? { memberPermissions: "32" } : {}),
  });
  const isReply = (e: FakeDiscordEvent) =>
    (e.type === "messageCreate" || e.type === "messageUpdate") &&
    e.message.interactionId === handle.id &&
    e.message.content.includes("Video servers");
  const event = (await w.discord.waitFor(isReply, { timeoutMs: 10_000 })) as { message: FakeMessage };
  expect(event.message.flags & 64).toBe(64);
  return event.message.content;
}

describe("several ComfyUI servers", () => {
  it("GIVEN two servers and four jobs THEN both make videos, and the one-GPU server is never sent cuda:1", async () => {
    const { w, a, b } = await twoServers();
    for (const [user, prompt] of [
      ["alice", "one"],
      ["bob", "two"],
      ["alice", "three"],
      ["bob", "four"],
    ] as const) {
      await submit(w, user, prompt);
    }
    await until(() => resultMessages(w.discord).length === 4, 40_000);

    expect(accepted(a).length).toBeGreaterThan(0);
    expect(accepted(b).length).toBeGreaterThan(0);
    expect(new Set([...promptTexts(a), ...promptTexts(b)])).toEqual(new Set(["one", "two", "three", "four"]));
    for (const prompt of accepted(b)) {
      expect(JSON.stringify(prompt)).not.toContain("cuda:1");
      expect(prompt["1"]?.inputs).toMatchObject({
        expert_mode_allocations: "cuda:0,8gb;cpu,*",
        compute_device: "cuda:0",
      });
    }
    for (const prompt of accepted(a)) expect(prompt["1"]?.inputs).toMatchObject({ compute_device: "cuda:1" });
  }, 60_000);

  it("GIVEN a server dies mid-job THEN the job is made on the other, the user is told, and the server is used again once back", async () => {
    const { w, b } = await twoServers();
    await submit(w, "alice", "first");
    await submit(w, "bob", "second");
    await until(() => promptTexts(b).length === 1);
    const moved = promptTexts(b)[0]!;
    await until(() => w.bot.jobs.list().some((j) => j.job.server === "gpu2" && j.job.state === "running"));
    await b.close();

    await until(() => resultMessages(w.discord).length === 2, 30_000);
    expect(promptTexts(w.comfy)).toContain(moved);
    const notice = w.discord
      .channelMessages(w.discord.channel().id)
      .find((m) => m.content.includes("lost your job"));
    expect(notice?.mentionedUserIds).toEqual([w.discord.user(moved === "first" ? "alice" : "bob").id]);
    expect(await status(w, true)).toMatch(/gpu2 \(127\.0\.0\.1:\d+\)\*\* — down/);

    const back = await startComfyEmulator({ ...singleGpu, port: b.port });
    extra.push(back);
    await until(() => w.bot.jobs.list().length === 0);
    const statusBack = async () => /gpu2 \(127\.0\.0\.1:\d+\)\*\* — up/.test(await status(w, true));
    for (let i = 0; i < 100 && !(await statusBack()); i++) await new Promise((r) => setTimeout(r, 100));
    await submit(w, "alice", "third");
    await submit(w, "bob", "fourth");
    await until(() => resultMessages(w.discord).length === 4, 30_000);
    expect(promptTexts(back)).toHaveLength(1);
  }, 60_000);

  it("GIVEN /status THEN both servers show with GPUs and queues; only admins see addresses", async () => {
    const { w, a, b } = await twoServers();
    a.pause();
    await submit(w, "alice", "timed");
    await until(() => w.bot.jobs.list()[0]?.job.state === "submitted" && accepted(a).length === 1);

    const busy = await status(w, true);
    expect(busy).toContain("2 of 2 up");
    expect(busy).toContain(`**127.0.0.1:${a.port}** — up · ComfyUI 0.3.64 · queue 1 · our jobs there 1`);
    expect(busy).toContain(
      `**gpu2 (127.0.0.1:${b.port})** — up · ComfyUI 0.3.64 · queue 0 · our jobs there 0`,
    );
    expect(busy.match(/NVIDIA GeForce RTX 3090: \d+\.\d \/ 24\.0 GiB VRAM/g)).toHaveLength(3);
    expect(busy).toContain("1 being made, 0 waiting · no finished videos yet");

    a.resume();
    await until(() => resultMessages(w.discord).length === 1 && w.bot.jobs.list().length === 0, 30_000);
    const forAdmin = await status(w, true);
    expect(forAdmin).toMatch(/0 being made, 0 waiting · \d+ s per video on average/);

    const forMember = await status(w, false);
    expect(forMember).toContain("**server 1** — up");
    expect(forMember).toContain("**gpu2** — up");
    expect(forMember).not.toContain("127.0.0.1");
    expect(forMember).not.toMatch(/RTX|GiB/);
  }, 60_000);
});
