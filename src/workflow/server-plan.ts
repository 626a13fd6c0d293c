import { ComfyError } from "../comfy/errors.js";
import { comboOptions, inputSpec, type ObjectInfo } from "../comfy/object-info.js";
import type { BuildOptions, BuildSettings } from "./build.js";

const UNET = "UnetLoaderGGUFAdvancedDisTorch2MultiGPU";
const VAE = "VAELoaderDisTorch2MultiGPU";
const CLIP = "CLIPLoaderDisTorch2MultiGPU";
const SAGE = "PathchSageAttentionKJ";
const WARPER = "AspectRatioResolution_Warper";
const SAMPLER = "KSamplerAdvanced";

const MULTIGPU = "install ComfyUI-MultiGPU (pollockjj/ComfyUI-MultiGPU, v2 with DisTorch2)";
const CORE = "update ComfyUI";

/** How to get a missing node class. */
export function installFix(classType: string, info: ObjectInfo): string {
  switch (classType) {
    case UNET:
      return info[VAE]
        ? "install ComfyUI-GGUF (city96/ComfyUI-GGUF): ComfyUI-MultiGPU only offers its GGUF loaders when it is present"
        : `${MULTIGPU} and ComfyUI-GGUF (city96/ComfyUI-GGUF)`;
    case VAE:
    case CLIP:
      return MULTIGPU;
    case "VHS_VideoCombine":
      return "install ComfyUI-VideoHelperSuite (Kosinkadink/ComfyUI-VideoHelperSuite)";
    case "WanImageToVideo":
      return `${CORE} (WanImageToVideo is a core node since Wan 2.1 support)`;
    default:
      return CORE;
  }
}
/** Node classes the workflow cannot run without. */
export const REQUIRED_CLASSES = [
  UNET,
  VAE,
  CLIP,
  "ModelSamplingSD3",
  "CLIPTextEncode",
  "LoadImage",
  "WanImageToVideo",
  SAMPLER,
  "VAEDecode",
  "VHS_VideoCombine",
  "LoraLoaderModelOnly",
];

/** Sage attention values that mean "leave the patch node out". */
export const SAGE_OFF = new Set(["disabled", "off", "none", "false"]);

/** The string options of a combo input; undefined when the server lacks the class or the input is no combo. */
export function comboStrings(info: ObjectInfo, classType: string, input: string): string[] | undefined {
  const node = info[classType];
  const values = node ? comboOptions(inputSpec(node, input)) : undefined;
  return values?.filter((v): v is string => typeof v === "string");
}

function andList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

function preview(values: string[], max = 6): string {
  if (values.length === 0) return "none";
  return values.length > max ? `${values.slice(0, max).join(", ")}, …` : values.join(", ");
}

function missingClasses(info: ObjectInfo): string[] {
  const byFix = new Map<string, string[]>();
  for (const classType of REQUIRED_CLASSES.filter((c) => !info[c])) {
    const fix = installFix(classType, info);
    byFix.set(fix, [...(byFix.get(fix) ?? []), classType]);
  }
  return [...byFix].map(([fix, classes]) => `This server has no ${andList(classes)}: ${fix}.`);
}

function missingValues(info: ObjectInfo, s: BuildSettings): string[] {
  const checks = [
    {
      cls: UNET,
      input: "unet_name",
      value: s.models.unetHigh,
      env: "UNET_HIGH_NOISE",
      folder: "models/diffusion_models (or models/unet)",
    },
    {
      cls: UNET,
      input: "unet_name",
      value: s.models.unetLow,
      env: "UNET_LOW_NOISE",
      folder: "models/diffusion_models (or models/unet)",
    },
    { cls: VAE, input: "vae_name", value: s.models.vae, env: "VAE_NAME", folder: "models/vae" },
    {
      cls: CLIP,
      input: "clip_name",
      value: s.models.textEncoder,
      env: "TEXT_ENCODER",
      folder: "models/text_encoders (or models/clip)",
    },
    { cls: CLIP, input: "type", value: s.models.textEncoderType, env: "TEXT_ENCODER_TYPE" },
    { cls: SAMPLER, input: "sampler_name", value: s.sampling.sampler, env: "SAMPLER" },
    { cls: SAMPLER, input: "scheduler", value: s.sampling.scheduler, env: "SCHEDULER" },
  ];
  const problems: string[] = [];
  for (const { cls, input, value, env, folder } of checks) {
    const allowed = comboStrings(info, cls, input);
    if (!allowed || allowed.includes(value)) continue;
    problems.push(
      folder
        ? `${value} is not on this server: put it in ComfyUI/${folder} or set ${env} to a file the server has (${preview(allowed)}).`
        : `${env}=${value} is not an option of this server; use one of: ${preview(allowed, 12)}.`,
    );
  }
  return problems;
}

/** Device names in a DisTorch2 expert string such as `cuda:0,0.25gb;cuda:1,8gb;cpu,*`. */
export function allocationDevices(allocation: string): string[] {
  return allocation
    .split(";")
    .map((part) => part.split(",")[0]?.trim() ?? "")
    .filter(Boolean);
}

function missingDevices(info: ObjectInfo, s: BuildSettings): string[] {
  const { devices } = s;
  const uses = [
    ...allocationDevices(devices.allocation).map((d) => ({
      cls: UNET,
      input: "compute_device",
      device: d,
      env: "DISTORCH_ALLOCATION",
    })),
    { cls: UNET, input: "compute_device", device: devices.compute, env: "COMPUTE_DEVICE" },
    { cls: UNET, input: "donor_device", device: devices.donor, env: "DONOR_DEVICE" },
    {
      cls: VAE,
      input: "compute_device",
      device: devices.vae,
      env: devices.vae === devices.compute ? "COMPUTE_DEVICE" : "VAE_DEVICE",
    },
    {
      cls: CLIP,
      input: "device",
      device: devices.textEncoder,
      env: devices.textEncoder === devices.compute ? "COMPUTE_DEVICE" : "TEXT_ENCODER_DEVICE",
    },
  ];
  const envsByDevice = new Map<string, { envs: Set<string>; available: string[] }>();
  for (const { cls, input, device, env } of uses) {
    const available = comboStrings(info, cls, input);
    if (!available || available.includes(device)) continue;
    const entry = envsByDevice.get(device) ?? { envs: new Set<string>(), available };
    entry.envs.add(env);
    envsByDevice.set(device, entry);
  }
  return [...envsByDevice].map(([device, { envs, available }]) => {
    const gpus = available.filter((d) => d !== "cpu").length;
    const host = gpus === 0 ? " for a CPU-only host" : gpus === 1 ? " for a single-GPU host" : "";
    return `${device} does not exist on this server (devices: ${available.join(", ")}); set ${andList([...envs])}${host}.`;
  });
}

/** Every reason this server cannot run the workflow with these settings, one sentence each. */
export function serverProblems(info: ObjectInfo, settings: BuildSettings): string[] {
  const problems = [
    ...missingClasses(info),
    ...missingValues(info, settings),
    ...missingDevices(info, settings),
  ];
  const sage = settings.sampling.sageAttention;
  const sageModes = comboStrings(info, SAGE, "sage_attention");
  if (!SAGE_OFF.has(sage.toLowerCase()) && sageModes && !sageModes.includes(sage)) {
    problems.push(
      `SAGE_ATTENTION=${sage} is not a mode of this server; use one of: ${sageModes.join(", ")}.`,
    );
  }
  return problems;
}

/**
 * Decides how to build for one server: optional nodes it lacks are left out (and said so in `notes`);
 * anything it cannot do throws `ComfyError("MISSING_CAPABILITY")` whose reason names the fix.
 */
export function planForServer(
  info: ObjectInfo,
  settings: BuildSettings,
): { options: BuildOptions; notes: string[] } {
  const problems = serverProblems(info, settings);
  if (problems.length > 0) {
    throw new ComfyError("MISSING_CAPABILITY", { reason: problems.join(" "), diagnostics: { problems } });
  }
  const notes: string[] = [];
  const wantSage = !SAGE_OFF.has(settings.sampling.sageAttention.toLowerCase());
  const useSageAttention = wantSage && Boolean(info[SAGE]);
  if (wantSage && !useSageAttention) {
    notes.push(
      `${SAGE} is missing, so sampling runs without sage attention (slower): install ComfyUI-KJNodes (kijai/ComfyUI-KJNodes) to use it.`,
    );
  }
  const useWarper = Boolean(info[WARPER]);
  if (!useWarper) {
    notes.push(
      `${WARPER} is missing (ComfyUI-WarperNodes), so the bot writes the video size into the workflow itself; the size is the same.`,
    );
  }
  // Core nodes (comfy_extras/nodes_images.py, nodes.py); without them a video has no Continue.
  const lastFrame = Boolean(info["ImageFromBatch"] && info["SaveImage"]);
  if (!lastFrame)
    notes.push("This server has no ImageFromBatch or SaveImage, so videos get no Continue button.");
  return { options: { useWarper, useSageAttention, lastFrame }, notes };
}
