import type { Config } from "../config.js";
import { frameCount } from "./frame-count.js";
import { bypassNode, danglingLinks, replaceNode } from "./graph.js";
import type { I2VParams } from "./params.js";
import type { ApiPrompt, InputValue } from "../comfy/prompt.js";
import { WARPER_ASPECT_LABELS, targetSize, tierLongEdge } from "./resolution.js";
import { loadI2VTemplate, setMapped, type I2VInputName } from "./template.js";

export interface BuildOptions {
  /** Let `AspectRatioResolution_Warper` compute the size; otherwise node 12 gets literal sizes. */
  useWarper: boolean;
  useSageAttention: boolean;
  /** Adds a second, smaller encode of the same frames (node 20) for Discord's upload limit. */
  compact?: { crf: number };
  /** Saves the video's last frame as a PNG (nodes 21–22), so a later job can continue from it. */
  lastFrame?: boolean;
}

export type BuildSettings = Pick<Config, "models" | "devices" | "sampling">;

export interface BuiltI2VPrompt {
  prompt: ApiPrompt;
  width: number;
  height: number;
  frames: number;
  seed: number;
  /** The VHS_VideoCombine node ids whose files are the result, main encode first. */
  outputNodes: string[];
}

/** The nodes the build adds to the template (the template's own ids come from its input map). */
export const i2vAddedNodes = { compact: "20", lastFramePick: "21", lastFrame: "22" } as const;
export const COMPACT_NODE_ID = i2vAddedNodes.compact;
const LAST_FRAME_PICK_ID = i2vAddedNodes.lastFramePick;
const LAST_FRAME_NODE_ID = i2vAddedNodes.lastFrame;

/** Where a run's files come from: the video, its compact encode and its last frame. */
export function i2vOutputNodes(): { video: string; compact: string; lastFrame: string } {
  return { video: loadI2VTemplate().map.outputNode, compact: COMPACT_NODE_ID, lastFrame: LAST_FRAME_NODE_ID };
}

export class WorkflowBuildError extends Error {
  override readonly name = "WorkflowBuildError";
}

/** Builds the API prompt for one job from a fresh copy of the DisTorch2 I2V template. */
export function buildI2VPrompt(
  params: I2VParams,
  settings: BuildSettings,
  options: BuildOptions,
): BuiltI2VPrompt {
  const { prompt: template, map } = loadI2VTemplate();
  const prompt = structuredClone(template);
  const set = (name: I2VInputName, value: InputValue) => setMapped(prompt, map.inputs[name], value);
  const nodeOf = (name: I2VInputName) => map.inputs[name][0]?.nodeId ?? "";
  const { models, devices, sampling } = settings;
  const { width, height } = targetSize(params.aspect, params.resolution);
  const frames = frameCount(params.durationSeconds, params.fps);

  set("image", params.image);
  set("prompt", params.prompt);
  set("negative", params.negative);
  set("seed", params.seed);
  set("steps", params.steps);
  set("cfg", params.cfg);
  set("sampler", sampling.sampler);
  set("scheduler", sampling.scheduler);
  set("split_step", params.splitStep);
  set("frames", frames);
  set("fps", params.fps);
  set("aspect", WARPER_ASPECT_LABELS[params.aspect]);
  set("long_edge", tierLongEdge(params.aspect, params.resolution));
  set("unet_high", models.unetHigh);
  set("unet_low", models.unetLow);
  set("vae", models.vae);
  set("text_encoder", models.textEncoder);
  set("text_encoder_type", models.textEncoderType);
  set("compute_device", devices.compute);
  set("vae_device", devices.vae);
  set("text_encoder_device", devices.textEncoder);
  set("donor_device", devices.donor);
  set("allocation", devices.allocation);
  set("virtual_vram_gb", devices.virtualVramGb);
  set("shift", sampling.shift);
  set("sage", sampling.sageAttention);
  set("prefix", sampling.outputPrefix);
  set("crf", sampling.crf);

  // Every value is written before any node is removed, so each mapped path still exists.
  const lora = params.lora;
  if (lora) set("lora_strength", lora.strength);
  if (lora?.high) set("lora_high", lora.high);
  else bypassNode(prompt, nodeOf("lora_high"), "model");
  if (lora?.low) set("lora_low", lora.low);
  else bypassNode(prompt, nodeOf("lora_low"), "model");

  if (!options.useSageAttention) {
    for (const { nodeId } of map.inputs.sage) bypassNode(prompt, nodeId, "model");
  }
  if (!options.useWarper) replaceNode(prompt, nodeOf("aspect"), [width, height]);

  const outputNodes = [map.outputNode];
  if (options.compact) {
    prompt[COMPACT_NODE_ID] = compactEncode(
      prompt,
      map.outputNode,
      options.compact.crf,
      sampling.outputPrefix,
    );
    outputNodes.push(COMPACT_NODE_ID);
  }

  if (options.lastFrame) {
    const decoded = prompt[map.outputNode]?.inputs["images"];
    if (!decoded) throw new WorkflowBuildError(`The output node ${map.outputNode} has no images input`);
    prompt[LAST_FRAME_PICK_ID] = {
      class_type: "ImageFromBatch",
      inputs: { image: decoded, batch_index: frames - 1, length: 1 },
      _meta: { title: "Last frame" },
    };
    prompt[LAST_FRAME_NODE_ID] = {
      class_type: "SaveImage",
      inputs: { images: [LAST_FRAME_PICK_ID, 0], filename_prefix: `${sampling.outputPrefix}_last` },
      _meta: { title: "Save last frame" },
    };
    outputNodes.push(LAST_FRAME_NODE_ID);
  }

  const dangling = danglingLinks(prompt);
  if (dangling.length > 0) {
    const where = dangling.map((d) => `${d.nodeId}.${d.input} -> ${d.link[0]}`).join(", ");
    throw new WorkflowBuildError(`The built prompt has dangling links: ${where}`);
  }
  return { prompt, width, height, frames, seed: params.seed, outputNodes };
}

/** A second VHS_VideoCombine over the same decoded frames, at a higher CRF (a smaller file). */
function compactEncode(
  prompt: ApiPrompt,
  outputNode: string,
  crf: number,
  prefix: string,
): ApiPrompt[string] {
  const main = prompt[outputNode];
  if (!main) throw new WorkflowBuildError(`The output node ${outputNode} is missing`);
  return {
    class_type: main.class_type,
    inputs: { ...structuredClone(main.inputs), crf, filename_prefix: `${prefix}_compact` },
    _meta: { title: "Video Combine (compact)" },
  };
}
