import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { type ServerPool, createServerPool } from "../../src/pool/pool.js";
import { type ComfyEmulator, startComfyEmulator } from "../fakes/comfy/index.js";
import { silent } from "./fixtures.js";

const GIB = 1024 ** 3;
let emulators: ComfyEmulator[] = [];
let pool: ServerPool | undefined;
afterEach(async () => {
  await pool?.stop();
  pool = undefined;
  await Promise.all(emulators.map((e) => e.close()));
  emulators = [];
});

async function twoServers(
  loras: [string[], string[]],
  devices: [string[], string[]] = [
    ["cpu", "cuda:0", "cuda:1"],
    ["cpu", "cuda:0"],
  ],
) {
  emulators = await Promise.all(
    [0, 1].map((i) => startComfyEmulator({ models: { loras: loras[i]! }, devices: devices[i]! })),
  );
  const config = loadConfig({
    COMFYUI_SERVERS: JSON.stringify([
      { url: emulators[0]!.url },
      { url: emulators[1]!.url, name: "small box", allocation: "cuda:0,8gb;cpu,*", computeDevice: "cuda:0" },
    ]),
    COMFYUI_HEALTH_INTERVAL_SECONDS: "60",
  });
  pool = createServerPool(config, { logger: silent, videoDir: "/nonexistent", probeTimeoutMs: 2_000 });
  return pool;
}

describe("the server pool", () => {
  it("GIVEN two servers with different LoRAs THEN only the LoRAs both have are offered", async () => {
    const p = await twoServers([
      ["shared.safetensors", "only-a.safetensors"],
      ["only-b.safetensors", "shared.safetensors"],
    ]);
    expect(await p.loraNames()).toEqual(["shared.safetensors"]);
  });

  it("GIVEN one server does not answer THEN the LoRAs of the others are offered", async () => {
    const p = await twoServers([["a.safetensors"], ["b.safetensors"]]);
    await emulators[0]!.close();
    expect(await p.loraNames()).toEqual(["b.safetensors"]);
  });

  it("GIVEN two servers THEN status lists each with its version, GPUs and VRAM; a closed one shows as down", async () => {
    const p = await twoServers([[], []]);
    const [first, second] = await p.status();
    expect(first).toMatchObject({
      name: emulators[0]!.url.replace("http://", ""),
      address: emulators[0]!.url.replace("http://", ""),
      up: true,
      version: "0.3.64",
      queueDepth: 0,
      ourJobs: 0,
    });
    expect(first!.gpus.map((g) => g.name)).toEqual([
      "cuda:0 NVIDIA GeForce RTX 3090",
      "cuda:1 NVIDIA GeForce RTX 3090",
    ]);
    expect(first!.gpus[0]).toMatchObject({ vramUsedBytes: 1 * GIB, vramTotalBytes: 24 * GIB });
    expect(second).toMatchObject({ name: "small box", up: true });
    expect(second!.gpus).toHaveLength(1);
    expect(p.servers()).toEqual([
      { server: first!.name, up: true },
      { server: "small box", up: true },
    ]);

    await emulators[1]!.close();
    const after = await p.status();
    expect(after[1]).toMatchObject({ name: "small box", up: false, gpus: [], queueDepth: undefined });
    expect(after[0]!.up).toBe(true);
    expect(p.lanes.map((l) => l.healthy())).toEqual([true, false]);
  });
});
