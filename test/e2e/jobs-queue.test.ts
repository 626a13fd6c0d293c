import { afterEach, describe, expect, it } from "vitest";
import type { FakeMessage } from "../fakes/discord/index.js";
import { busyWithForeign, jobMessage, sharedComfyOptions } from "./busy-comfy.js";
import { type World, resultMessages, startWorld, testImage, until } from "./harness.js";

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

type Prompt = Record<string, { inputs: Record<string, unknown> }>;
const acceptedPrompts = (w: World) =>
  w.comfy.prompts.filter((p) => p.status === 200).map((p) => (p.body as { prompt: Prompt }).prompt);

function customIdOf(message: FakeMessage, prefix: string): string {
  const match = new RegExp(`"custom_id":"(${prefix}:[^"]+)"`).exec(JSON.stringify(message.components));
  if (!match) throw new Error(`no ${prefix} button on message ${message.id}`);
  return match[1]!;
}

/** Whether the bot answered the interaction privately (a refusal) instead of starting a job. */
const refusedPrivately = (w: World, interactionId: string) =>
  w.discord
    .channelMessages(w.discord.channel().id)
    .some((m) => m.interactionId === interactionId && (m.flags & 64) === 64 && m.content !== "");

/** Sends /i2v and waits until the job's message shows its Cancel button (the job exists) or it was refused. */
async function submit(w: World, user: string, prompt: string) {
  const image = w.discord.addAttachment("in.png", await testImage(320, 180), "image/png");
  const handle = w.discord.sendSlashCommand({ name: "i2v", user, options: { image, prompt, duration: 1 } });
  await handle.waitForCallback(3_000);
  await until(() => {
    const message = jobMessage(w, handle.id);
    const shown = message !== undefined && JSON.stringify(message.components).includes("cancel:");
    // A refusal is complete once the public "thinking…" reply is gone (the reason went privately first).
    return shown || (refusedPrivately(w, handle.id) && message === undefined);
  }).catch(() => undefined);
  return handle;
}

describe("the job queue", () => {
  it("GIVEN 20 jobs from 4 users arriving user by user THEN they are served interleaved, not in arrival order", async () => {
    world = await startWorld({
      discord: {
        rateLimits: "off",
        users: ["alice", "bob", "carol", "dave"].map((username) => ({ username })),
      },
      comfy: { stepDelayMs: 2 },
      env: { PIPELINING: "false", MAX_WAITING_PER_USER: "10" },
      bot: { channelSpacingMs: 0 },
    });
    const w = world;
    w.comfy.pause();
    const arrival: string[] = [];
    for (const user of ["alice", "bob", "carol", "dave"]) {
      for (let n = 1; n <= 5; n++) {
        arrival.push(`${user} ${n}`);
        await submit(w, user, `${user} ${n}`);
      }
    }
    await until(() => w.bot.jobs.list().length === 20);
    w.comfy.resume();
    await until(() => resultMessages(w.discord).length === 20, 60_000);

    const served = acceptedPrompts(w).map((p) => String(p["9"]!.inputs["text"]));
    expect(served).toHaveLength(20);
    expect(new Set(served)).toEqual(new Set(arrival));
    expect(served).not.toEqual(arrival);
    const index = (label: string) => served.indexOf(label);
    for (const user of ["bob", "carol", "dave"]) expect(index(`${user} 1`)).toBeLessThan(index("alice 5"));
    // At every point, no user is more than one round ahead of another who still has jobs waiting.
    const counts = new Map<string, number>();
    for (const label of served.slice(1)) {
      const user = label.split(" ")[0]!;
      counts.set(user, (counts.get(user) ?? 0) + 1);
      const values = [...counts.values()];
      expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(2);
    }
  }, 90_000);

  it("GIVEN a cap of 2 per user and ComfyUI busy with another client's prompt THEN a 3rd job is refused, counting the ones sent to ComfyUI", async () => {
    world = await startWorld({
      env: { PIPELINING: "true", MAX_WAITING_PER_USER: "2" },
      comfy: { stepDelayMs: 2 },
    });
    const w = world;
    w.comfy.pause();
    for (let n = 1; n <= 2; n++) await submit(w, "alice", `alice ${n}`);
    // One waits in ComfyUI (ComfyUI is paused, so at most one of ours is handed over), one with us.
    await until(() => acceptedPrompts(w).length === 1 && w.bot.jobs.list().length === 2);
    const third = await submit(w, "alice", "alice 3");
    const refusal = await w.discord.waitFor(
      (e) =>
        e.type === "messageCreate" && e.message.interactionId === third.id && (e.message.flags & 64) === 64,
    );
    expect((refusal as { message: FakeMessage }).message.content).toMatch(
      /already have 2 videos waiting or being made/,
    );
    expect(jobMessage(w, third.id)).toBeUndefined();
    const bob = await submit(w, "bob", "bob 1");
    expect(jobMessage(w, bob.id)).toBeDefined();
    w.comfy.resume();
    await until(() => resultMessages(w.discord).length === 3, 30_000);
    expect(acceptedPrompts(w).map((p) => p["9"]!.inputs["text"])).not.toContain("alice 3");
  }, 60_000);

  it("GIVEN jobs waiting with us, waiting in ComfyUI and running THEN Cancel works in each state and says what happened", async () => {
    world = await startWorld({
      env: { PIPELINING: "true" },
      comfy: { stepDelayMs: 300 },
      discord: { rateLimits: "off" },
    });
    const w = world;
    const running = await submit(w, "alice", "running one");
    const inComfy = await submit(w, "alice", "waiting in comfy");
    const withUs = await submit(w, "alice", "waiting with us");
    await until(() => acceptedPrompts(w).length === 2 && w.bot.jobs.list().length === 3);

    const cancel = async (handle: { id: string }) => {
      const message = jobMessage(w, handle.id)!;
      const click = w.discord.clickButton({ customId: customIdOf(message, "cancel"), messageId: message.id });
      const reply = await w.discord.waitFor(
        (e) => e.type === "messageUpdate" && e.message.interactionId === click.id && e.message.content !== "",
      );
      return (reply as { message: FakeMessage }).message.content;
    };

    expect(await cancel(withUs)).toMatch(/taken out of the queue/);
    expect(await cancel(inComfy)).toMatch(/removed from the video server's queue/);
    expect(await cancel(running)).toMatch(/video server stopped the job/);

    await until(() =>
      [running, inComfy, withUs].every((h) =>
        JSON.stringify(jobMessage(w, h.id)!.embeds).includes('"title":"Cancelled"'),
      ),
    );
    await w.comfy.idle();
    expect(acceptedPrompts(w)).toHaveLength(2);
    expect(resultMessages(w.discord)).toEqual([]);
    // The running job leaves the list once the server has confirmed its interrupt.
    await until(() => w.bot.jobs.list().length === 0);
    expect(w.bot.jobs.list()).toEqual([]);
  }, 60_000);

  it("GIVEN someone else's job THEN their Cancel click is refused", async () => {
    world = await startWorld({ comfy: { stepDelayMs: 50 } });
    const w = world;
    const handle = await submit(w, "alice", "mine");
    const message = jobMessage(w, handle.id)!;
    const click = w.discord.clickButton({
      customId: customIdOf(message, "cancel"),
      messageId: message.id,
      user: "bob",
    });
    const reply = await w.discord.waitFor(
      (e) => e.type === "messageUpdate" && e.message.interactionId === click.id && e.message.content !== "",
    );
    expect((reply as { message: FakeMessage }).message.content).toMatch(
      /Only the person who started this job/,
    );
    await until(() => resultMessages(w.discord).length === 1, 20_000);
  }, 30_000);

  it("GIVEN a finished video and a bot restart THEN its owner's Reroll makes it again with a new seed, and Again with the same", async () => {
    world = await startWorld({ comfy: { stepDelayMs: 2 }, discord: { rateLimits: "off" } });
    const w = world;
    await submit(w, "alice", "a fox");
    await until(() => resultMessages(w.discord).length === 1, 20_000);
    // The job is stored done (with its result message) just after the post appears.
    await until(() => w.bot.jobs.list().length === 0, 20_000);
    await w.restartBot();

    const first = resultMessages(w.discord)[0]!;
    w.discord.clickButton({ customId: customIdOf(first, "reroll"), messageId: first.id, user: "alice" });
    await until(() => resultMessages(w.discord).length === 2, 20_000);
    w.discord.clickButton({ customId: customIdOf(first, "again"), messageId: first.id });
    await until(() => resultMessages(w.discord).length === 3, 20_000);

    const [original, reroll, again] = acceptedPrompts(w);
    const seed = (p: Prompt) => p["13"]!.inputs["noise_seed"];
    expect(seed(reroll!)).not.toBe(seed(original!));
    expect(seed(again!)).toBe(seed(original!));
    expect(reroll!["9"]!.inputs["text"]).toBe("a fox");
    const uploads = w.comfy.uploads.map((u) => u.bytes.toString("base64"));
    expect(new Set(uploads).size).toBe(1);
    expect(resultMessages(w.discord)[1]!.mentionedUserIds).toEqual([w.discord.user("alice").id]);
  }, 60_000);
});

describe("queue positions", () => {
  it("GIVEN another ComfyUI client's prompt waiting on the server THEN our waiting job's position counts it", async () => {
    world = await startWorld(await sharedComfyOptions({ PIPELINING: "false" }));
    const w = world;
    await busyWithForeign(w, 1);

    await submit(w, "alice", "first");
    const second = await submit(w, "bob", "second");
    await until(() => JSON.stringify(jobMessage(w, second.id)!.embeds).includes("Position **3**"));
    w.comfy.resume();
    await until(() => resultMessages(w.discord).length === 2, 30_000);
  }, 60_000);
});
