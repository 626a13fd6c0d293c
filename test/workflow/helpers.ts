import { readFileSync } from "node:fs";
import { objectInfoSchema, type ObjectInfo } from "../../src/comfy/object-info.js";
import { loadConfig } from "../../src/config.js";
import type { BuildSettings } from "../../src/workflow/build.js";

const fixture = objectInfoSchema.parse(
  JSON.parse(readFileSync(new URL("../fixtures/comfyui/object_info.json", import.meta.url), "utf8")),
);

/** LoRA files a real server would list (the fixture's combo holds placeholders). */
export const SERVER_LORAS = [
  "wan 2.2/lightx2v_high_noise.safetensors",
  "wan 2.2/lightx2v_low_noise.safetensors",
  "general_motion.safetensors",
];

/** Settings as the bot loads them, with optional env overrides. */
export function settingsFrom(env: Record<string, string> = {}): BuildSettings {
  return loadConfig(env);
}

/** Appends values to a combo input, as a server with those files would list them. */
export function addComboValues(info: ObjectInfo, classType: string, input: string, values: string[]): void {
  const node = info[classType];
  const spec = node?.input.required?.[input] ?? node?.input.optional?.[input];
  if (!spec || !Array.isArray(spec[0])) throw new Error(`${classType}.${input} is not a legacy combo`);
  spec[0].push(...values.filter((v) => !(spec[0] as unknown[]).includes(v)));
}

/** Replaces every device combo, as a host with these devices would. */
export function setDevices(info: ObjectInfo, devices: string[]): void {
  for (const node of Object.values(info)) {
    for (const section of [node.input.required, node.input.optional]) {
      for (const [name, spec] of Object.entries(section ?? {})) {
        if (/device$/.test(name) && Array.isArray(spec[0])) spec[0] = [...devices];
      }
    }
  }
}

/** The recorded object_info plus the configured model files and a few LoRAs, like a real server. */
export function serverInfo(settings: BuildSettings = settingsFrom()): ObjectInfo {
  const info = structuredClone(fixture);
  addComboValues(info, "UnetLoaderGGUFAdvancedDisTorch2MultiGPU", "unet_name", [
    settings.models.unetHigh,
    settings.models.unetLow,
  ]);
  addComboValues(info, "VAELoaderDisTorch2MultiGPU", "vae_name", [settings.models.vae]);
  addComboValues(info, "CLIPLoaderDisTorch2MultiGPU", "clip_name", [settings.models.textEncoder]);
  addComboValues(info, "LoraLoaderModelOnly", "lora_name", SERVER_LORAS);
  return info;
}

/** The recorded object_info exactly as the fixture holds it. */
export function fixtureInfo(): ObjectInfo {
  return structuredClone(fixture);
}
