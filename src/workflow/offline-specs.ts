import { readFileSync } from "node:fs";
import { type ObjectInfo, objectInfoSchema } from "../comfy/object-info.js";
import type { BuildSettings } from "./build.js";

const SPECS_URL = new URL("../../workflows/node-specs.json", import.meta.url);

/** Adds values to a legacy combo list (model files a real server would list from its folders). */
function extendCombo(info: ObjectInfo, classType: string, input: string, values: readonly string[]) {
  const node = info[classType];
  const spec = node?.input.required?.[input] ?? node?.input.optional?.[input];
  if (!spec || !Array.isArray(spec[0])) return;
  const list = spec[0] as unknown[];
  for (const value of values) if (!list.includes(value)) list.push(value);
}

/**
 * The workflow's node specs as the real node packs declare them (shipped in workflows/node-specs.json),
 * for checking a prompt when no server is at hand. The model lists of a real server come from its
 * folders, so here they are taken to hold the configured files: offline checks cannot see missing models.
 */
export function offlineObjectInfo(settings: BuildSettings, loras: readonly string[] = []): ObjectInfo {
  const info = objectInfoSchema.parse(JSON.parse(readFileSync(SPECS_URL, "utf8")));
  const { models, devices } = settings;
  extendCombo(info, "UnetLoaderGGUFAdvancedDisTorch2MultiGPU", "unet_name", [
    models.unetHigh,
    models.unetLow,
  ]);
  extendCombo(info, "VAELoaderDisTorch2MultiGPU", "vae_name", [models.vae]);
  extendCombo(info, "CLIPLoaderDisTorch2MultiGPU", "clip_name", [models.textEncoder]);
  extendCombo(info, "LoraLoaderModelOnly", "lora_name", loras);
  const deviceList = [devices.compute, devices.donor, devices.vae, devices.textEncoder];
  for (const [cls, input] of [
    ["UnetLoaderGGUFAdvancedDisTorch2MultiGPU", "compute_device"],
    ["VAELoaderDisTorch2MultiGPU", "compute_device"],
    ["CLIPLoaderDisTorch2MultiGPU", "device"],
  ] as const) {
    extendCombo(info, cls, input, deviceList);
  }
  return info;
}
