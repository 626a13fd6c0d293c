import type { ObjectInfo } from "../../src/comfy/object-info.js";
import { systemStatsSchema, type SystemStats } from "../../src/comfy/schemas.js";
import { loadConfig, type Config } from "../../src/config.js";
import type { BuildSettings } from "../../src/workflow/build.js";
import type { EmulatorModels } from "../fakes/comfy/index.js";
import { buildObjectInfo, defaultModels } from "../fakes/comfy/object-info.js";

/** Model files and settings that make a complete, all-✓ setup on the emulator's default catalogue. */
export const completeModels: Partial<EmulatorModels> = {
  vae: ["wan_2.1_vae.safetensors"],
  text_encoders: ["umt5_xxl_fp8_e4m3fn_scaled.safetensors"],
};
export const completeEnv = {
  VAE_NAME: "wan_2.1_vae.safetensors",
  TEXT_ENCODER: "umt5_xxl_fp8_e4m3fn_scaled.safetensors",
  PUBLIC_BASE_URL: "https://videos.example.org",
};

export function configFrom(env: Record<string, string> = {}): Config {
  return loadConfig(env);
}

export function settingsFrom(env: Record<string, string> = {}): BuildSettings {
  const { models, devices, sampling } = configFrom({ ...completeEnv, ...env });
  return { models, devices, sampling };
}

export function catalogue(
  options: { devices?: string[]; dropClasses?: string[]; models?: Partial<EmulatorModels> } = {},
): ObjectInfo {
  return buildObjectInfo({
    models: { ...defaultModels(), ...completeModels, ...options.models },
    devices: options.devices ?? ["cpu", "cuda:0", "cuda:1"],
    dropClasses: options.dropClasses ?? [],
  });
}

const GIB = 1024 ** 3;

/** A `/system_stats` answer: GPUs as `cuda:N` names, cpu when there are none. */
export function stats(
  options: { gpus?: string[]; version?: string | null; argv?: string[] } = {},
): SystemStats {
  const gpus = options.gpus ?? ["cuda:0", "cuda:1"];
  const devices =
    gpus.length === 0
      ? [{ name: "cpu", type: "cpu", index: null, vram_total: 64 * GIB, vram_free: 60 * GIB }]
      : gpus.map((g) => ({
          name: `${g} NVIDIA GeForce RTX 4090 : cudaMallocAsync`,
          type: "cuda",
          index: Number(g.split(":")[1]),
          vram_total: 24 * GIB,
          vram_free: 23 * GIB,
        }));
  const version = options.version === undefined ? "0.3.64" : options.version;
  return systemStatsSchema.parse({
    system: {
      os: "posix",
      ...(version === null ? {} : { comfyui_version: version }),
      argv: options.argv ?? ["main.py", "--listen", "0.0.0.0"],
    },
    devices,
  });
}
