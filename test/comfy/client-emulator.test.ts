import { readFileSync } from "node:fs";

import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { type ComfyClient, createComfyClient } from "../../src/comfy/client.js";
import { isComfyError } from "../../src/comfy/errors.js";
import type { PromptEvent } from "../../src/comfy/events.js";
import { createLogger } from "../../src/logger.js";
import type { ApiPrompt } from "../../src/comfy/prompt.js";
import { type ComfyEmulator, startComfyEmulator } from "../fakes/comfy/index.js";
import { traceObjectInfo } from "../fakes/comfy/trace-object-info.js";
import { rejection } from "./support/settle.js";
import { loadTrace } from "./support/traces.js";

const inputPng = readFileSync(new URL("../fixtures/video/tiny.png", import.meta.url));
const tracePrompt = loadTrace("ws-success").post_prompt.request.json.prompt as ApiPrompt;
const logger = createLogger({ level: "silent", pretty: false });

let emulator: ComfyEmulator;
let clients: ComfyClient[] = [];
let seed = 100;

function connect(options: { timeoutMs?: number } = {}): ComfyClient {
  const client = createComfyClient({
    baseUrl: emulator.url,
    clientId: `bot-${clients.length}`,
    logger,
    timeoutMs: options.timeoutMs ?? 5_000,
    historyRetry: { attempts: 10, delayMs: 20 },
    reconnect: { initialMs: 10, maxMs: 50 },
    connectTimeoutMs: 5_000,
  });
  clients.push(client);
  return client;
}

/** The trace workflow on a freshly uploaded image, with a new seed so nothing is served from cache. */
async function promptFor(
  client: ComfyClient,
  patch: Record<string, Record<string, unknown>> = {},
): Promise<ApiPrompt> {
  const image = await client.uploadImage(inputPng, "bot_input.png", { subfolder: "oelala", overwrite: true });
  const prompt = structuredClone(tracePrompt);
  const set = (id: string, inputs: Record<string, unknown>) => {
    const node = prompt[id];
    if (node) node.inputs = { ...node.inputs, ...(inputs as ApiPrompt[string]["inputs"]) };
  };
  set("1", { image });
  set("4", { seed: (seed += 1) });
  for (const [id, inputs] of Object.entries(patch)) set(id, inputs);
  return prompt;
}

beforeEach(async () => {
  emulator = await startComfyEmulator({ objectInfo: traceObjectInfo(), stepDelayMs: 5 });
});

afterEach(async () => {
  await Promise.all(clients.map((c) => c.close()));
  clients = [];
  await emulator.close();
});

describe("ComfyClient against the ComfyUI emulator", () => {
  it("GIVEN a valid prompt THEN it runs to an mp4 that /view streams", async () => {
    const client = connect();
    const events: PromptEvent[] = [];
    const result = await client.run(await promptFor(client), { onEvent: (e) => events.push(e) });
    const [file] = result.outputs["5"] ?? [];
    expect(file?.filename).toMatch(/\.mp4$/);
    expect(result.cached).toBe(false);
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(["queued", "started", "progress", "executed"]),
    );
    const chunks: Buffer[] = [];
    for await (const chunk of await client.view(file ?? { filename: "", subfolder: "", type: "output" })) {
      chunks.push(chunk as Buffer);
    }
    expect(Buffer.concat(chunks).subarray(4, 8).toString("latin1")).toBe("ftyp");
    expect(emulator.prompts.at(-1)?.body).toMatchObject({
      client_id: client.clientId,
      prompt_id: result.promptId,
    });
  });

  it("GIVEN the same prompt twice THEN the second run is cached with the first run's file", async () => {
    const client = connect();
    const prompt = await promptFor(client);
    const first = await client.run(prompt);
    const second = await client.run(prompt);
    expect(second.cached).toBe(true);
    expect(second.outputs["5"]?.[0]?.filename).toBe(first.outputs["5"]?.[0]?.filename);
  });

  it("GIVEN a model the server does not have THEN run fails with VALIDATION_FAILED naming it", async () => {
    const client = connect();
    const prompt = await promptFor(client, { "3": { unet_name: "missing_Q6_K.gguf" } });
    const error = await rejection(client.run(prompt));
    expect(isComfyError(error, "VALIDATION_FAILED")).toBe(true);
    expect(isComfyError(error) && error.message).toContain("unet_name: 'missing_Q6_K.gguf' not in list");
  });

  it("GIVEN the sampler raises THEN run fails with EXECUTION_ERROR for node 4", async () => {
    const client = connect();
    emulator.failNode("4", { atStep: 2, message: "boom" });
    const error = await rejection(client.run(await promptFor(client)));
    expect(isComfyError(error, "EXECUTION_ERROR")).toBe(true);
    expect(isComfyError(error) && error.diagnostics).toMatchObject({
      nodeId: "4",
      exceptionType: "RuntimeError",
    });
  });

  it("GIVEN the GPU runs out of memory THEN run fails with OUT_OF_MEMORY", async () => {
    const client = connect();
    emulator.failNode("4", { exceptionType: "torch.OutOfMemoryError", message: "Allocation on device" });
    expect(isComfyError(await rejection(client.run(await promptFor(client))), "OUT_OF_MEMORY")).toBe(true);
  });

  it("GIVEN a targeted interrupt during sampling THEN run fails with INTERRUPTED", async () => {
    const client = connect();
    const prompt = await promptFor(client, { "4": { steps: 50 } });
    const outcome = rejection(
      client.run(prompt, {
        onEvent: (e) => {
          if (e.type === "progress" && e.node === "4" && e.value === 2) void client.interrupt(e.promptId);
        },
      }),
    );
    expect(isComfyError(await outcome, "INTERRUPTED")).toBe(true);
  });

  it("GIVEN the socket drops mid-run THEN the client reconnects, reconciles and still gets the video", async () => {
    const client = connect();
    const events: PromptEvent[] = [];
    const prompt = await promptFor(client, { "4": { steps: 20 } });
    emulator.dropSockets({ afterProgress: 3 });
    const result = await client.run(prompt, { onEvent: (e) => events.push(e) });
    expect(result.outputs["5"]?.[0]?.filename).toMatch(/\.mp4$/);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(["disconnected", "reconnected"]));
  });

  it("GIVEN the server restarts and loses its queue mid-run THEN run fails with LOST", async () => {
    const client = connect();
    const prompt = await promptFor(client, { "4": { steps: 50 } });
    let restarting: Promise<void> | undefined;
    const outcome = rejection(
      client.run(prompt, {
        onEvent: (e) => {
          if (e.type === "progress" && e.value === 2 && !restarting) {
            restarting = emulator.restart({ loseQueue: true, downMs: 30 });
          }
        },
      }),
    );
    expect(isComfyError(await outcome, "LOST")).toBe(true);
    await restarting;
  });

  it("GIVEN a prompt submitted by an earlier process THEN reattach follows it to the end", async () => {
    const first = connect();
    const prompt = await promptFor(first, { "4": { steps: 20 } });
    let submitted: string | undefined;
    const abandoned = rejection(
      first.run(prompt, { onEvent: (e) => (e.type === "started" ? (submitted = e.promptId) : undefined) }),
    );
    while (!submitted) await new Promise((r) => setTimeout(r, 5));
    await first.close();
    expect(isComfyError(await abandoned, "DISCONNECTED")).toBe(true);
    const result = await connect().reattach(submitted);
    expect(result.outputs["5"]?.[0]?.filename).toMatch(/\.mp4$/);
  });

  it("GIVEN POST /prompt answers 503 THEN run fails with UNREACHABLE", async () => {
    const client = connect();
    const prompt = await promptFor(client);
    emulator.failRoute("POST", "/prompt", 503, 1);
    expect(isComfyError(await rejection(client.run(prompt)), "UNREACHABLE")).toBe(true);
  });

  it("GIVEN /history fails once after success THEN the video still arrives from the socket's frames", async () => {
    const client = connect();
    const prompt = await promptFor(client);
    const events: PromptEvent[] = [];
    const result = client.run(prompt, {
      onEvent: (e) => {
        events.push(e);
        if (e.type === "queued") emulator.failRoute("GET", `/history/${e.promptId}`, 500, 1);
      },
    });
    expect((await result).outputs["5"]?.[0]?.filename).toMatch(/\.mp4$/);
  });

  it("GIVEN a slow /queue THEN the call fails with TIMEOUT instead of hanging", async () => {
    const client = connect({ timeoutMs: 100 });
    emulator.slowRoute("GET", "/queue", 1_000);
    expect(isComfyError(await rejection(client.queue()), "TIMEOUT")).toBe(true);
  });

  it("GIVEN an upload clashing with a different file THEN the server's new name is returned", async () => {
    const client = connect();
    expect(await client.uploadImage(inputPng, "clash.png")).toBe("clash.png");
    expect(await client.uploadImage(Buffer.concat([inputPng, Buffer.from([0])]), "clash.png")).toBe(
      "clash (1).png",
    );
  });
});
