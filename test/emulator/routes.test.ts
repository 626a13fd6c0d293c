/** The HTTP surface: both spellings, recorded bodies, catalogue fitting, and aiohttp-style errors. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startComfyEmulator, type ComfyEmulator } from "../fakes/comfy/index.js";
import { tinyPng } from "../fakes/comfy/outputs.js";
import { traceExamples, traceObjectInfo } from "../fakes/comfy/trace-object-info.js";
import { connectClient, i2vPrompt, postJson } from "../fakes/comfy/ws-recorder.js";

let emulator: ComfyEmulator;
let traceServer: ComfyEmulator;

beforeAll(async () => {
  emulator = await startComfyEmulator({
    inputFiles: { "input.png": tinyPng },
    models: { unet_gguf: ["high.gguf", "low.gguf"], loras: ["speed.safetensors"] },
    devices: ["cpu", "cuda:0"],
  });
  traceServer = await startComfyEmulator({
    objectInfo: traceObjectInfo(),
    inputFiles: { "trace_input.png": tinyPng },
  });
});
afterAll(async () => {
  await emulator.close();
  await traceServer.close();
});

/** The sample prompt with this emulator's model names. */
const configuredPrompt = () => {
  const prompt = i2vPrompt();
  for (const [id, name] of [
    ["1", "high.gguf"],
    ["2", "low.gguf"],
  ] as const)
    prompt[id]!.inputs["unet_name"] = name;
  for (const id of ["17", "18"]) prompt[id]!.inputs["lora_name"] = "speed.safetensors";
  for (const id of ["1", "2", "3", "4"])
    for (const key of ["compute_device", "device"])
      if (key in prompt[id]!.inputs) prompt[id]!.inputs[key] = "cuda:0";
  return prompt;
};

const get = async (base: string, path: string) => {
  const response = await fetch(`${base}${path}`);
  return { status: response.status, type: response.headers.get("content-type"), body: await response.text() };
};

const hasAnnotation = (value: unknown): boolean =>
  Array.isArray(value)
    ? value.some(hasAnnotation)
    : value !== null &&
      typeof value === "object" &&
      Object.entries(value).some(([k, v]) => k.startsWith("x_") || hasAnnotation(v));

describe("routes", () => {
  const paths = [
    "/prompt",
    "/queue",
    "/history",
    "/history/00000000-0000-0000-0000-000000000000",
    "/features",
    "/embeddings",
    "/models",
    "/models/loras",
    "/models/no_such_folder",
    "/object_info/KSamplerAdvanced",
    "/object_info/NoSuchNode",
    "/system_stats",
    "/view?filename=nope.mp4&type=output",
  ];
  for (const path of paths) {
    it(`GIVEN GET ${path} THEN / and /api/ answer the same`, async () => {
      expect(await get(emulator.url, `/api${path}`)).toEqual(await get(emulator.url, path));
    });
  }

  it("GIVEN the recorded read-only answers THEN the emulator answers the same where the data is not server-specific", async () => {
    const idle = [
      "GET /features",
      "GET /embeddings",
      "GET /models",
      "GET /object_info/NoSuchNode (unknown class)",
    ];
    const same = [...idle, "GET /prompt (idle)", "GET /queue (idle)", "GET /models/no_such_folder"];
    for (const example of traceExamples().filter(
      (e) => e.request.method === "GET" && same.includes(e.request.path ?? ""),
    )) {
      const ours = await get(traceServer.url, example.request.path ?? "");
      expect(ours.status).toBe(example.response.status);
      if (example.response.json !== null) expect(JSON.parse(ours.body)).toEqual(example.response.json);
      else expect(ours.body).toBe("");
    }
  });

  it("GIVEN the served object_info THEN it has no x_ annotations and uses the configured models and devices", async () => {
    const info = JSON.parse((await get(emulator.url, "/object_info")).body) as Record<
      string,
      { input: { required: Record<string, unknown[]>; optional?: Record<string, unknown[]> } }
    >;
    expect(hasAnnotation(info)).toBe(false);
    const loader = info["UnetLoaderGGUFAdvancedDisTorch2MultiGPU"];
    expect(loader?.input.required["unet_name"]?.[0]).toEqual(["high.gguf", "low.gguf"]);
    expect(loader?.input.optional?.["compute_device"]).toEqual([["cpu", "cuda:0"], { default: "cuda:0" }]);
    expect(info["LoraLoaderModelOnly"]?.input.required["lora_name"]?.[0]).toEqual(["speed.safetensors"]);
    expect(info["LoadImage"]?.input.required["image"]?.[0]).toEqual(["input.png"]);
    expect(JSON.parse((await get(emulator.url, "/models/unet_gguf")).body)).toEqual([
      "high.gguf",
      "low.gguf",
    ]);
  });

  it("GIVEN a one-GPU and a two-GPU emulator THEN /system_stats lists one and two cuda devices", async () => {
    const one = JSON.parse((await get(emulator.url, "/system_stats")).body) as {
      devices: Array<{ type: string; index: number }>;
    };
    const two = JSON.parse((await get(traceServer.url, "/system_stats")).body) as {
      devices: Array<{ type: string; index: number }>;
    };
    expect(one.devices.map((d) => `${d.type}:${d.index}`)).toEqual(["cuda:0"]);
    expect(two.devices.map((d) => `${d.type}:${d.index}`)).toEqual(["cuda:0", "cuda:1"]);
  });

  it("GIVEN a server missing a pack THEN the class is gone from object_info and the I2V prompt is invalid_prompt", async () => {
    const noSage = await startComfyEmulator({ dropClasses: ["PathchSageAttentionKJ"] });
    try {
      expect(JSON.parse((await get(noSage.url, "/object_info/PathchSageAttentionKJ")).body)).toEqual({});
      const { status, json } = await postJson(`${noSage.url}/prompt`, { prompt: i2vPrompt() });
      expect(status).toBe(400);
      expect(json["error"]).toMatchObject({
        type: "invalid_prompt",
        message: "Cannot execute because node PathchSageAttentionKJ does not exist.",
      });
    } finally {
      await noSage.close();
    }
  });

  it("GIVEN /api/ws THEN the socket works like /ws and starts with status + sid", async () => {
    const client = await connectClient(emulator.wsUrl.replace("/ws", "/api/ws"), "api-client");
    const first = await client.waitFor(() => true);
    expect(first).toEqual({
      kind: "json",
      type: "status",
      data: { status: { exec_info: { queue_remaining: 0 } }, sid: "api-client" },
    });
    await client.close();
  });
});

describe("POST /prompt answers", () => {
  it("GIVEN every recorded POST /prompt THEN the emulator answers with the recorded status and (for 400s) body", async () => {
    for (const example of traceExamples().filter(
      (e) => e.request.method === "POST" && e.request.path === "/prompt",
    )) {
      const raw = (example.request as { raw_body?: string }).raw_body;
      const response = await fetch(`${traceServer.url}/prompt`, {
        method: "POST",
        body: raw ?? JSON.stringify(example.request.json),
      });
      expect(response.status, example.label).toBe(example.response.status);
      const text = await response.text();
      if (response.status === 400) expect(JSON.parse(text), example.label).toEqual(example.response.json);
      if (response.status === 500)
        expect([response.headers.get("content-type"), text]).toEqual([
          "text/plain; charset=utf-8",
          example.response.text,
        ]);
    }
    await traceServer.idle();
  });

  it("GIVEN a prompt_id THEN a canonical lowercase UUID is used as is and anything else is invalid_prompt_id", async () => {
    const id = "0b3c6a4e-1f2d-4c5b-9a8e-7d6c5b4a3f21";
    expect(
      (await postJson(`${emulator.url}/prompt`, { prompt: configuredPrompt(), prompt_id: id })).json[
        "prompt_id"
      ],
    ).toBe(id);
    const upper = await postJson(`${emulator.url}/prompt`, {
      prompt: configuredPrompt(),
      prompt_id: id.toUpperCase(),
    });
    expect(upper.status).toBe(400);
    expect(upper.json["error"]).toMatchObject({ type: "invalid_prompt_id" });
    await emulator.idle();
  });

  it("GIVEN the bodies ComfyUI answers empty THEN they are empty 200s, and malformed JSON is a 500", async () => {
    const post = async (path: string, body?: string) => {
      const response = await fetch(`${emulator.url}${path}`, {
        method: "POST",
        ...(body === undefined ? {} : { body }),
      });
      return [response.status, await response.text()];
    };
    expect(await post("/interrupt")).toEqual([200, ""]);
    expect(await post("/interrupt", "not json")).toEqual([200, ""]);
    expect(await post("/queue", JSON.stringify({ clear: true }))).toEqual([200, ""]);
    expect(await post("/history", JSON.stringify({ clear: true }))).toEqual([200, ""]);
    expect(await post("/free", JSON.stringify({ free_memory: true }))).toEqual([200, ""]);
    expect((await post("/queue", "{"))[0]).toBe(500);
    expect((await post("/free"))[0]).toBe(500);
  });

  it("GIVEN a cross-site Origin THEN 403, as ComfyUI's origin middleware answers", async () => {
    const response = await fetch(`${emulator.url}/queue`, { headers: { Origin: "http://evil.example" } });
    expect(response.status).toBe(403);
  });
});
