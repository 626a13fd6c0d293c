/** Our jobs behind other clients' prompts in ComfyUI's own queue (the Oelala web front end shares it). */
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import type { FakeMessage } from "../fakes/discord/index.js";
import { type World, resultMessages, startWorld, testImage, until } from "./harness.js";

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

type Prompt = Record<string, { inputs: Record<string, unknown> }>;
const webClient = "oelala-web-frontend";

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
    body: JSON.stringify({ prompt: foreign, client_id: webClient }),
  });
  expect(answer.status).toBe(200);
}

/** Our prompts ComfyUI holds in its pending list right now. */
async function oursPending(w: World): Promise<number> {
  const queue = (await (await fetch(`${w.comfy.url}/queue`)).json()) as { queue_pending: unknown[][] };
  return queue.queue_pending.filter((item) => (item[3] as { client_id?: string }).client_id !== webClient)
    .length;
}

describe("waiting in ComfyUI's queue", () => {
  it("GIVEN three prompts of another client on the server THEN our job says it waits there with 3 ahead, and only one of ours waits there at a time", async () => {
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
    // Submitted once the first is in ComfyUI's queue: two jobs prepared side by side may finish
    // intake in either order, and this test follows the first one through.
    const second = await submit(w, "bob", "second");
    await until(() => jobMessage(w, second.id) !== undefined);
    let most = 0;
    for (let i = 0; i < 20; i++) {
      most = Math.max(most, await oursPending(w));
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(most).toBe(1);
    // The second job has not been handed over, so it is still ours to show as next in line.
    expect(JSON.stringify(jobMessage(w, second.id)?.embeds)).not.toContain("Making your video");

    w.comfy.resume();
    await until(() => resultMessages(w.discord).length === 2, 30_000);
    const shown = jobMessage(w, first.id)!.edits.map((e) => JSON.stringify(e.embeds));
    const waitingAt = shown.findIndex((e) => e.includes("**3** ahead"));
    const runningAt = shown.findIndex((e) => e.includes("Making your video"));
    expect(waitingAt).toBeGreaterThanOrEqual(0);
    expect(runningAt).toBeGreaterThan(waitingAt);
  }, 60_000);
});
