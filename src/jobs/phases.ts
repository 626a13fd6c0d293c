import { i2vAddedNodes } from "../workflow/build.js";
import { type I2VInputName, loadI2VTemplate } from "../workflow/template.js";

/** The stages one DisTorch2 I2V run goes through, in order. */
export const phases = [
  "loading",
  "encoding",
  "conditioning",
  "high_noise",
  "low_noise",
  "decoding",
  "combining",
] as const;

export type Phase = (typeof phases)[number];

/**
 * What the progress message names, in the order a run reaches them. ComfyUI runs lazily, so each expert
 * is loaded right before its own pass; those loads get their own stage so the label never goes back.
 */
export const stages = [
  "loading",
  "encoding",
  "conditioning",
  "loading_high",
  "high_noise",
  "loading_low",
  "low_noise",
  "decoding",
  "combining",
] as const;

export type Stage = (typeof stages)[number];

export const phaseLabels: Record<Stage, string> = {
  loading: "Loading models",
  loading_high: "Loading the high-noise model",
  loading_low: "Loading the low-noise model",
  encoding: "Encoding the prompt",
  conditioning: "Preparing the image",
  high_noise: "Sampling (high-noise pass)",
  low_noise: "Sampling (low-noise pass)",
  decoding: "Decoding frames",
  combining: "Writing the video",
};

/** The template's loaders of the two experts, the VAE and the text encoder, and how heavy each load is. */
const loaderWeights: [I2VInputName, number][] = [
  ["unet_high", 8],
  ["unet_low", 8],
  ["vae", 1],
  ["text_encoder", 3],
];
/** The expert chains: each loader, its LoRA, its shift and its attention patch (high-noise first). */
const expertChains: [Stage, I2VInputName, number][] = [
  ["loading_high", "unet_high", 0],
  ["loading_high", "lora_high", 0],
  ["loading_high", "shift", 0],
  ["loading_high", "sage", 0],
  ["loading_low", "unet_low", 0],
  ["loading_low", "lora_low", 0],
  ["loading_low", "shift", 1],
  ["loading_low", "sage", 1],
];

interface NodeRoles {
  phase: Map<string, Phase>;
  stage: Map<string, Stage>;
  loadWeight: Map<string, number>;
}
let roles: NodeRoles | undefined;

/** Which phase and stage each node of the workflow is, read from the template's input map. */
function nodeRoles(): NodeRoles {
  if (roles) return roles;
  const { prompt, map } = loadI2VTemplate();
  const ids = (...names: I2VInputName[]) => names.flatMap((name) => map.inputs[name].map((p) => p.nodeId));
  const phase = new Map<string, Phase>();
  const put = (p: Phase, nodes: string[]) => nodes.forEach((n) => phase.set(n, p));
  put("loading", ids("unet_high", "unet_low", "vae", "text_encoder", "shift", "sage"));
  put("loading", ids("image", "lora_high", "lora_low", "aspect"));
  put("encoding", ids("prompt", "negative"));
  put("conditioning", ids("frames"));
  // The two samplers share the seed, the high-noise pass first.
  const [high, low] = ids("seed");
  if (high) put("high_noise", [high]);
  if (low) put("low_noise", [low]);
  // The decoder is whatever node the output node takes its frames from.
  const frames = prompt[map.outputNode]?.inputs["images"];
  if (Array.isArray(frames)) put("decoding", [String(frames[0])]);
  put("combining", [map.outputNode, ...Object.values(i2vAddedNodes)]);
  const stage = new Map<string, Stage>(phase);
  for (const [s, name, i] of expertChains) {
    const node = map.inputs[name][i]?.nodeId;
    if (node) stage.set(node, s);
  }
  const loadWeight = new Map(loaderWeights.flatMap(([name, w]) => ids(name).map((n) => [n, w] as const)));
  roles = { phase, stage, loadWeight };
  return roles;
}

export function phaseOfNode(node: string): Phase | undefined {
  return nodeRoles().phase.get(node);
}

export function stageOfNode(node: string): Stage | undefined {
  return nodeRoles().stage.get(node);
}

/** Within the loading phase, loaders differ a lot: the two 14B experts dominate, the VAE and encoder follow. */
export function loadWeightOfNode(node: string): number {
  return nodeRoles().loadWeight.get(node) ?? 0.2;
}

/** Every node id a run of the workflow can report: the template's and those the build adds. */
export function workflowNodeIds(): string[] {
  return [...Object.keys(loadI2VTemplate().prompt), ...Object.values(i2vAddedNodes)];
}

export function stageRank(stage: Stage): number {
  return stages.indexOf(stage);
}

/**
 * How much work each phase is for one job, in units whose cost per unit the model learns: sampling
 * scales with steps × latent volume, decoding with frames × pixels, combining with frames.
 */
export interface Workload {
  steps: number;
  splitStep: number;
  frames: number;
  width: number;
  height: number;
}

export function phaseUnits(work: Workload): Record<Phase, number> {
  const megapixelFrames = (work.frames * work.width * work.height) / 1e6;
  return {
    loading: 1,
    encoding: 1,
    conditioning: megapixelFrames,
    high_noise: work.splitStep * megapixelFrames,
    low_noise: Math.max(0, work.steps - work.splitStep) * megapixelFrames,
    decoding: megapixelFrames,
    combining: work.frames,
  };
}
