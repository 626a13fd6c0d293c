/** Our jobs on a ComfyUI server that another client shares (the Oelala web front end). */
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import type { FakeMessage } from "../fakes/discord/index.js";
import { type World, type WorldOptions, testImage } from "./harness.js";

type Prompt = Record<string, { inputs: Record<string, unknown> }>;
export const webClient = "oelala-web-frontend";

/** The public message of the job an interaction started. */
export function jobMessage(w: World, interactionId: string): FakeMessage | undefined {
  return w.discord
    .channelMessages(w.discord.channel().id)
    .find((m) => m.interactionId === interactionId && (m.flags & 64) === 0);
}

/** Sends /i2v for a one-second video and waits for Discord to get the bot's first answer. */
export async function submit(w: World, user: string, prompt: string) {
  const image = w.discord.addAttachment("in.png", await testImage(320, 180), "image/png");
  const handle = w.discord.sendSlashCommand({ name: "i2v", user, options: { image, prompt, duration: 1 } });
  await handle.waitForCallback(3_000);
  return handle;
}

/** Queues the other client's prompt (a real workflow of the front end) on the emulator. */
export async function queueForeign(w: World, seed: number): Promise<void> {
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

/** The world of these tests: a quick emulator with the LoRA pair, Discord without rate limits. */
export async function sharedComfyOptions(env: Record<string, string> = {}): Promise<WorldOptions> {
  return {
    env,
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
  };
}

/** Pauses ComfyUI with `count` prompts of the other client in its queue. */
export async function busyWithForeign(w: World, count: number): Promise<void> {
  w.comfy.pause();
  for (let seed = 1; seed <= count; seed++) await queueForeign(w, seed);
}
