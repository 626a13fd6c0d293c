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

/** Which phase a node of the workflow belongs to (node ids as in workflows/distorch2-i2v.json). */
const nodePhase: Record<string, Phase> = {
  "1": "loading",
  "2": "loading",
  "3": "loading",
  "4": "loading",
  "5": "loading",
  "6": "loading",
  "7": "loading",
  "8": "loading",
  "11": "loading",
  "17": "loading",
  "18": "loading",
  "19": "loading",
  "9": "encoding",
  "10": "encoding",
  "12": "conditioning",
  "13": "high_noise",
  "14": "low_noise",
  "15": "decoding",
  "16": "combining",
  "20": "combining",
  "21": "combining",
  "22": "combining",
};

export function phaseOfNode(node: string): Phase | undefined {
  return nodePhase[node];
}

/** The expert chains: each loader, its LoRA, its shift and its attention patch. */
const nodeStage: Record<string, Stage> = {
  "1": "loading_high",
  "17": "loading_high",
  "5": "loading_high",
  "7": "loading_high",
  "2": "loading_low",
  "18": "loading_low",
  "6": "loading_low",
  "8": "loading_low",
};

export function stageOfNode(node: string): Stage | undefined {
  return nodeStage[node] ?? nodePhase[node];
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
