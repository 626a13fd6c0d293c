import { afterEach, describe, expect, it } from "vitest";
import { type World, startWorld, testImage, privateReply, until } from "./harness.js";

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

function visibleMessagesOf(w: World, interactionId: string) {
  return w.discord
    .channelMessages(w.discord.channel().id)
    .filter((m) => m.interactionId === interactionId && !m.deleted && (m.flags & 64) === 0);
}

describe("/i2v refusals", () => {
  it("GIVEN a file that is not an image THEN the user gets a private, specific sentence and no job exists", async () => {
    world = await startWorld();
    const w = world;
    const notImage = w.discord.addAttachment(
      "cat.png",
      Buffer.from("<!doctype html><html><body>hi</body></html>"),
      "image/png",
    );
    const handle = w.discord.sendSlashCommand({ name: "i2v", options: { image: notImage, prompt: "a cat" } });
    const reply = await privateReply(w, handle.id);
    expect(reply.content).toMatch(/web page, not an image/);
    // The public "thinking…" goes once the private sentence is there (never before: it could be lost).
    await until(() => visibleMessagesOf(w, handle.id).length === 0);
    expect(w.bot.jobs.list()).toEqual([]);
    expect(w.comfy.prompts).toEqual([]);
    expect(w.comfy.uploads).toEqual([]);
  });

  it("GIVEN an attachment declared larger than the cap THEN it is refused before download", async () => {
    world = await startWorld();
    const w = world;
    const big = w.discord.addAttachment("huge.png", await testImage(), "image/png", {
      declaredSize: 200 * 1024 * 1024,
    });
    const handle = w.discord.sendSlashCommand({ name: "i2v", options: { image: big, prompt: "a cat" } });
    const reply = await privateReply(w, handle.id);
    expect(reply.content).toMatch(/too large/);
    expect(w.discord.requests.some((r) => r.path.includes("huge.png"))).toBe(false);
    expect(w.bot.jobs.list()).toEqual([]);
    expect(w.comfy.prompts).toEqual([]);
  });

  it("GIVEN a hand-typed LoRA that does not exist THEN it is refused clearly and nothing is queued", async () => {
    world = await startWorld({ loras: ["orbit_cam_HN.safetensors", "orbit_cam_LN.safetensors"] });
    const w = world;
    const image = w.discord.addAttachment("fox.png", await testImage(), "image/png");
    const handle = w.discord.sendSlashCommand({
      name: "i2v",
      options: { image, prompt: "orbit", lora: "../../etc/passwd.safetensors" },
    });
    const reply = await privateReply(w, handle.id);
    expect(reply.content).toMatch(/LoRA is not on the video server/);
    expect(w.bot.jobs.list()).toEqual([]);
    expect(w.comfy.prompts).toEqual([]);
  });
});

describe("/i2v failures on the server", () => {
  it("GIVEN the server rejects the workflow THEN the user reads a plain sentence with a reference id", async () => {
    world = await startWorld({ env: { DEFAULT_STEPS: "6" } });
    const w = world;
    // The server changed after the bot read its node specs: its samplers now allow at most 4 steps, so
    // ComfyUI itself answers the POST with 400 and node_errors.
    const ksampler = w.comfy.objectInfo["KSamplerAdvanced"]!;
    const steps = ksampler.input.required!["steps"]!;
    (steps[1] as Record<string, unknown>)["max"] = 4;
    const image = w.discord.addAttachment("fox.png", await testImage(), "image/png");
    const handle = w.discord.sendSlashCommand({ name: "i2v", options: { image, prompt: "a fox" } });
    await handle.waitForCallback(3_000);
    const failure = await w.discord.waitFor(
      (e) =>
        e.type === "messageUpdate" &&
        e.message.interactionId === handle.id &&
        JSON.stringify(e.message.embeds).includes("could not be made"),
      { timeoutMs: 15_000 },
    );
    const text = JSON.stringify((failure as { message: { embeds: unknown[] } }).message.embeds);
    expect(text).toContain("rejected the workflow");
    expect(text).toMatch(/steps/);
    expect(text).toMatch(/Reference: `[0-9a-f]{8}`/);
    expect(text).not.toMatch(/127\.0\.0\.1|Traceback|\/tmp\//);
    const reference = /Reference: `([0-9a-f]{8})`/.exec(text)![1];
    expect(w.logs.some((l) => l["correlationId"] === reference)).toBe(true);
    expect(w.comfy.prompts.map((p) => p.status)).toEqual([400]);
  });

  it("GIVEN a node fails while sampling THEN the user reads what happened with a reference id, and is pinged", async () => {
    world = await startWorld();
    const w = world;
    w.comfy.failNode("13", {
      atStep: 2,
      message: "Allocation on device",
      exceptionType: "torch.OutOfMemoryError",
    });
    const image = w.discord.addAttachment("fox.png", await testImage(), "image/png");
    const handle = w.discord.sendSlashCommand({ name: "i2v", options: { image, prompt: "a fox" } });
    await handle.waitForCallback(3_000);
    const ping = await w.discord.waitFor(
      (e) => e.type === "messageCreate" && e.message.content.includes("could not be made"),
      { timeoutMs: 15_000 },
    );
    const message = (ping as { message: { content: string; mentionedUserIds: string[] } }).message;
    expect(message.content).toMatch(/ran out of GPU memory/);
    expect(message.content).toMatch(/reference `[0-9a-f]{8}`/);
    expect(message.mentionedUserIds).toEqual([w.discord.user("alice").id]);
    expect(message.content).not.toMatch(/Traceback|torch\.|127\.0\.0\.1/);
  });
});
