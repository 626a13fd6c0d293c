/** What a job says while it waits for the video server: in ComfyUI's queue, or held back behind one of ours. */
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import type { FakeMessage } from "../fakes/discord/index.js";
import { type World, privateReply, resultMessages, startWorld, testImage, until } from "./harness.js";

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

type Prompt = Record<string, { inputs: Record<string, unknown> }>;

function jobMessage(w: World, interactionId: string): FakeMessage | undefined {
  return w.discord
    .channelMessages(w.discord.channel().id)
    .find((m) => m.interactionId === interactionId && (m.flags & 64) === 0);
}

async function submit(w: World, user: string, prompt: string) {
  const image = w.discord.addAttachment("in.png", await testImage(320, 180), "image/png");
  const handle = w.discord.sendSlashCommand({ name: "i2v", user, options: { image, prompt, duration: 1 } });
  await handle.waitForCallback(3_000);
  return handle;
}

async function queueForeign(w: World, seed: number) {
  const foreign = JSON.parse(
    readFileSync(new URL("../fixtures/comfyui/i2v-sample-prompt.json", import.meta.url), "utf8"),
  ) as Prompt;
  foreign["4"]!.inputs["clip_name"] = "umt5-xxl-enc-bf16-uncensored-CONVERTED.safetensors";
  foreign["13"]!.inputs["noise_seed"] = seed;
  const answer = await fetch(`${w.comfy.url}/prompt`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ prompt: foreign, client_id: "oelala-web-frontend" }),
  });
  expect(answer.status).toBe(200);
}

describe("waiting for the video server, as shown", () => {
  it("GIVEN our job waits in ComfyUI's queue behind three and a second is held back behind it THEN /queue says the first waits there with 3 ahead, and the second's message says it waits for the video server", async () => {
    world = await startWorld({
      comfy: {
        stepDelayMs: 2,
        inputFiles: { "input.png": await testImage(64, 48) },
        models: {
          loras: [
            "wan2.2_i2v_lightx2v_4steps_lora_v1_high_noise.safetensors",
            "wan2.2_i2v_lightx2v_4steps_lora_v1_low_noise.safetensors",
          ],
        },
      },
      discord: { rateLimits: "off" },
      bot: { channelSpacingMs: 0 },
    });
    const w = world;
    w.comfy.pause();
    for (const seed of [1, 2, 3]) await queueForeign(w, seed);
    const first = await submit(w, "alice", "first");
    await until(() =>
      JSON.stringify(jobMessage(w, first.id)?.embeds ?? "").includes("video server's queue · **3** ahead"),
    );

    const queue = await privateReply(w, w.discord.sendSlashCommand({ name: "queue", user: "alice" }).id);
    expect(queue.content).toContain("waiting in the video server's queue · 3 ahead");
    expect(queue.content).not.toContain("0%");

    const second = await submit(w, "bob", "second");
    await until(() =>
      JSON.stringify(jobMessage(w, second.id)?.embeds ?? "").includes("Waiting for the video server"),
    );
    const bobQueue = await privateReply(w, w.discord.sendSlashCommand({ name: "queue", user: "bob" }).id);
    expect(bobQueue.content).toContain("waiting for the video server");

    w.comfy.resume();
    await until(() => resultMessages(w.discord).length === 2, 30_000);
  }, 60_000);
});
