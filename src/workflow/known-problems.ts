import type { ObjectInfo } from "../comfy/object-info.js";
import type { BuildSettings } from "./build.js";
import { comboStrings } from "./server-plan.js";

const strings = (info: ObjectInfo, classType: string, input: string) =>
  comboStrings(info, classType, input) ?? [];

/** The LoRA files the server offers (`LoraLoaderModelOnly.lora_name`), in the server's order. */
export function loraNames(info: ObjectInfo): string[] {
  return strings(info, "LoraLoaderModelOnly", "lora_name");
}

const WAN21_VAE = "wan_2.1_vae.safetensors";
const NATIVE_T5 = ["umt5_xxl_fp8_e4m3fn_scaled.safetensors", "umt5_xxl_fp16.safetensors"];

const baseName = (path: string) => path.split(/[\\/]/).at(-1) ?? path;

/**
 * Settings that validate but are known to fail or misbehave at run time (NODES.md §4, §7). The
 * owner's values are kept; the doctor command prints these so the owner can decide.
 */
export function knownProblems(info: ObjectInfo, settings: BuildSettings): string[] {
  const { models, devices } = settings;
  const problems: string[] = [];

  if (/^wan_?2\.2_vae/i.test(baseName(models.vae))) {
    const has21 = strings(info, "VAELoaderDisTorch2MultiGPU", "vae_name").includes(WAN21_VAE);
    problems.push(
      `VAE_NAME=${models.vae} is the 48-channel VAE of Wan 2.2 TI2V-5B; the 14B image-to-video experts ` +
        `need the Wan 2.1 VAE, so sampling will fail or give garbage. Set VAE_NAME=${WAN21_VAE}` +
        (has21 ? " (this server has it)." : " after putting it in ComfyUI/models/vae."),
    );
  }

  if (/^umt5-xxl-enc-/i.test(baseName(models.textEncoder))) {
    const available = strings(info, "CLIPLoaderDisTorch2MultiGPU", "clip_name");
    const native = NATIVE_T5.filter((name) => available.includes(name));
    problems.push(
      `TEXT_ENCODER=${models.textEncoder} looks like Kijai's WanVideoWrapper T5 file (umt5-xxl-enc-*), which ` +
        `ComfyUI's native CLIP loader likely cannot read. Unless it was converted to the native format, set ` +
        `TEXT_ENCODER to ${native.length > 0 ? `${native.join(" or ")} (on this server)` : NATIVE_T5.join(" or ")}.`,
    );
  }

  if (devices.virtualVramGb > 0 && devices.allocation.trim() !== "") {
    problems.push(
      `VIRTUAL_VRAM_GB=${devices.virtualVramGb} does not change block placement while DISTORCH_ALLOCATION is ` +
        `set, but still makes DisTorch2 evict every model from the compute device; 0 is the usual value.`,
    );
  }
  return problems;
}
