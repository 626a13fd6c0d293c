/** Continue: a new video from the last frame of an earlier one, ComfyUI having saved that frame. */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { FakeMessage } from "../fakes/discord/index.js";
import { type World, privateReply, resultMessages, startWorld, testImage, until } from "./harness.js";

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

type Prompt = Record<string, { class_type: string; inputs: Record<string, unknown> }>;
const acceptedPrompts = (w: World) =>
  w.comfy.prompts.filter((p) => p.status === 200).map((p) => (p.body as { prompt: Prompt }).prompt);

function customIdOf(message: FakeMessage, prefix: string): string {
  const match = new RegExp(`"custom_id":"(${prefix}:[^"]+)"`).exec(JSON.stringify(message.components));
  if (!match) throw new Error(`no ${prefix} button on message ${message.id}`);
  return match[1]!;
}

function textValues(modal: unknown): Record<string, string> {
  const found: Record<string, string> = {};
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== "object") return;
    const record = node as Record<string, unknown>;
    if (record["type"] === 4 && typeof record["custom_id"] === "string")
      found[record["custom_id"]] = String(record["value"] ?? "");
    visit(record["components"]);
    visit(record["component"]);
  };
  visit((modal as { components: unknown }).components);
  return found;
}

async function firstVideo(w: World) {
  const image = w.discord.addAttachment("in.png", await testImage(320, 180), "image/png");
  const handle = w.discord.sendSlashCommand({
    name: "i2v",
    user: "alice",
    options: { image, prompt: "a fox runs", duration: 1 },
  });
  await handle.waitForCallback(3_000);
  await until(() => resultMessages(w.discord).length === 1, 30_000);
  return resultMessages(w.discord)[0]!;
}

/** The last-frame PNG the emulated ComfyUI wrote for the first prompt. */
function savedLastFrame(w: World): Buffer {
  const name = readdirSync(w.comfy.outputDir, { recursive: true, encoding: "utf8" }).find((f) =>
    /_last_\d{5}_\.png$/.test(f),
  );
  if (!name) throw new Error("ComfyUI saved no last frame");
  return readFileSync(join(w.comfy.outputDir, name));
}

describe("Continue from the last frame", () => {
  it("GIVEN a finished video THEN its maker's Continue opens the prompt prefilled, and the new video starts from the last frame ComfyUI saved and links back", async () => {
    world = await startWorld({ comfy: { stepDelayMs: 2 }, discord: { rateLimits: "off" } });
    const w = world;
    const first = await firstVideo(w);
    const firstPrompt = acceptedPrompts(w)[0]!;
    expect(firstPrompt["21"]).toMatchObject({ class_type: "ImageFromBatch", inputs: { length: 1 } });
    expect(firstPrompt["21"]!.inputs["batch_index"]).toBe(Number(firstPrompt["12"]!.inputs["length"]) - 1);
    expect(firstPrompt["22"]).toMatchObject({ class_type: "SaveImage", inputs: { images: ["21", 0] } });
    const continueId = customIdOf(first, "continue");

    const click = w.discord.clickButton({ customId: continueId, messageId: first.id, user: "alice" });
    const callback = await click.waitForCallback(3_000);
    expect(callback.type).toBe(9);
    const modal = callback.data as { custom_id: string; components: unknown[] };
    expect(textValues(modal)).toEqual({ prompt: "a fox runs", duration: "1" });

    w.discord.submitModal({
      customId: modal.custom_id,
      user: "alice",
      fields: { prompt: "the fox keeps running", duration: "1" },
    });
    await until(() => resultMessages(w.discord).length === 2, 30_000);

    const second = acceptedPrompts(w)[1]!;
    const upload = w.comfy.uploads.at(-1)!;
    expect(second["11"]!.inputs["image"]).toBe(upload.name);
    expect(upload.bytes.equals(savedLastFrame(w))).toBe(true);
    // Same settings and LoRA choice, a new seed.
    expect(second["13"]!.inputs["noise_seed"]).not.toBe(firstPrompt["13"]!.inputs["noise_seed"]);
    for (const node of ["12", "13", "14"])
      for (const input of ["steps", "cfg", "width", "height", "length", "end_at_step"])
        expect(second[node]?.inputs[input]).toEqual(firstPrompt[node]?.inputs[input]);

    const result = resultMessages(w.discord)[1]!;
    const shown = JSON.stringify(result.embeds);
    expect(shown).toContain("the fox keeps running");
    expect(shown).toContain(`/${w.discord.channel().id}/${first.id}`);
  }, 60_000);

  it("GIVEN someone else's video THEN their Continue is refused privately and nothing is queued", async () => {
    world = await startWorld({ comfy: { stepDelayMs: 2 }, discord: { rateLimits: "off" } });
    const w = world;
    const first = await firstVideo(w);
    const click = w.discord.clickButton({
      customId: customIdOf(first, "continue"),
      messageId: first.id,
      user: "bob",
    });
    const reply = await privateReply(w, click.id);
    expect(reply.content).toMatch(/Only the person who made this video can continue it/);
    // A forged id for a job that does not exist is refused too, without a stack trace.
    const forged = w.discord.clickButton({
      customId: "continue:00000000-0000-4000-8000-000000000000",
      messageId: first.id,
      user: "alice",
    });
    expect((await privateReply(w, forged.id)).content).toMatch(/no longer kept/);
    await new Promise((r) => setTimeout(r, 300));
    expect(acceptedPrompts(w)).toHaveLength(1);
  }, 60_000);

  it("GIVEN one of the bot's result messages THEN Animate with Oelala on it continues that video from its last frame", async () => {
    world = await startWorld({ comfy: { stepDelayMs: 2 }, discord: { rateLimits: "off" } });
    const w = world;
    const first = await firstVideo(w);
    const handle = w.discord.sendMessageContextCommand({
      name: "Animate with Oelala",
      targetMessage: first.id,
      user: "bob",
    });
    const callback = await handle.waitForCallback(3_000);
    expect(callback.type).toBe(9);
    const modal = callback.data as { custom_id: string };
    expect(modal.custom_id).toMatch(/^continue:[0-9a-f-]{36}:any$/);
    w.discord.submitModal({ customId: modal.custom_id, user: "bob", fields: { prompt: "and jumps" } });
    await until(() => resultMessages(w.discord).length === 2, 30_000);
    expect(w.comfy.uploads.at(-1)!.bytes.equals(savedLastFrame(w))).toBe(true);
    expect(resultMessages(w.discord)[1]!.content).toContain(`<@${w.discord.user("bob").id}>`);
  }, 60_000);
});
