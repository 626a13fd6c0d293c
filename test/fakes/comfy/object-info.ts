/** The emulated server's node catalogue: the fixture object_info, fitted to its models and devices. */
import { readFileSync } from "node:fs";
import { objectInfoSchema, type InputSpec, type ObjectInfo } from "../../../src/comfy/object-info.js";
import type { EmulatorModels } from "./index.js";

const fixturePath = new URL("../../fixtures/comfyui/object_info.json", import.meta.url);

export function fixtureObjectInfo(): ObjectInfo {
  return objectInfoSchema.parse(JSON.parse(readFileSync(fixturePath, "utf8")));
}

function comboOf(info: ObjectInfo, classType: string, input: string): string[] {
  const spec = info[classType]?.input.required?.[input];
  return Array.isArray(spec?.[0]) ? spec[0].map(String) : [];
}

/** The model names of the fixture (those of NODES.md §8). */
export function defaultModels(): EmulatorModels {
  const info = fixtureObjectInfo();
  return {
    unet_gguf: comboOf(info, "UnetLoaderGGUFAdvancedDisTorch2MultiGPU", "unet_name"),
    vae: comboOf(info, "VAELoaderDisTorch2MultiGPU", "vae_name").filter((name) => name !== "pixel_space"),
    text_encoders: comboOf(info, "CLIPLoaderDisTorch2MultiGPU", "clip_name"),
    loras: comboOf(info, "LoraLoaderModelOnly", "lora_name"),
  };
}

export const defaultDevices = ["cpu", "cuda:0", "cuda:1"];

/** Which model folder fills which combo input (by input name, in every class). */
const modelInputs: Record<string, (models: EmulatorModels) => string[]> = {
  unet_name: (m) => m.unet_gguf,
  // Core VAELoader always appends "pixel_space".
  vae_name: (m) => [...m.vae, "pixel_space"],
  clip_name: (m) => m.text_encoders,
  lora_name: (m) => m.loras,
};
const deviceInputs = new Set(["compute_device", "donor_device", "device"]);

function refit(spec: InputSpec, name: string, models: EmulatorModels, devices: string[]): InputSpec {
  const options = { ...(spec[1] ?? {}) };
  const fill = modelInputs[name];
  if (fill && Array.isArray(spec[0])) return [fill(models), options];
  if (deviceInputs.has(name) && Array.isArray(spec[0]) && spec[0].includes("cpu")) {
    // MultiGPU's default compute device is devices[1] when there is more than one device.
    if (name !== "donor_device") options["default"] = devices[devices.length > 1 ? 1 : 0];
    return [devices, options];
  }
  return spec;
}

export interface CatalogueOptions {
  models: EmulatorModels;
  devices: string[];
  dropClasses: string[];
}

/** The fixture with its model and device combos replaced, minus the dropped classes. */
export function buildObjectInfo({ models, devices, dropClasses }: CatalogueOptions): ObjectInfo {
  const info = fixtureObjectInfo();
  for (const [classType, node] of Object.entries(info)) {
    if (dropClasses.includes(classType)) {
      delete info[classType];
      continue;
    }
    for (const category of ["required", "optional"] as const) {
      const inputs = node.input[category];
      if (!inputs) continue;
      for (const [name, spec] of Object.entries(inputs)) inputs[name] = refit(spec, name, models, devices);
    }
  }
  return info;
}

function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !key.startsWith("x_"))
      .map(([key, inner]) => [key, strip(inner)]),
  );
}

/** What the server sends: no `x_` annotations (ComfyUI never sends them), LoadImage listing `input/`. */
export function servedObjectInfo(info: ObjectInfo, inputFiles: string[]): Record<string, unknown> {
  const served = strip(structuredClone(info)) as ObjectInfo;
  const image = served["LoadImage"]?.input.required?.["image"];
  if (image) image[0] = [...inputFiles].sort();
  return served;
}

/** The folder keys of `GET /models`, in the recorded server's order. */
const folderKeys = [
  ...["checkpoints", "configs", "loras", "vae", "text_encoders", "diffusion_models", "clip_vision"],
  ...["style_models", "embeddings", "diffusers", "vae_approx", "controlnet", "gligen", "upscale_models"],
  ...[
    "custom_nodes",
    "hypernetworks",
    "photomaker",
    "classifiers",
    "model_patches",
    "audio_encoders",
    "unet_gguf",
  ],
];

/** `/models/{folder}` listings, keyed in `/models` order. */
export function modelFolders(models: EmulatorModels): Record<string, string[]> {
  const listings: Record<string, string[]> = {
    loras: models.loras,
    vae: models.vae,
    text_encoders: models.text_encoders,
    diffusion_models: models.unet_gguf,
    unet_gguf: models.unet_gguf,
  };
  return Object.fromEntries(folderKeys.map((key) => [key, listings[key] ?? []]));
}
