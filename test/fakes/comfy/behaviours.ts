/** What each emulated node class "does": how many progress ticks it reports and what it writes. */
import { isExecutorLink } from "../../../src/workflow/validate-links.js";
import { pyBool, pyInt } from "../../../src/workflow/validate-python.js";
import { readFileSync } from "node:fs";
import { NodeFailure, writeSaveImage, writeVideoCombine, type OutputDirs } from "./outputs.js";
import { describeEncoding, encodingOf, reencodedSize } from "./video-model.js";

type Prompt = Record<string, { class_type: string; inputs: Record<string, unknown> }>;

export interface NodePlan {
  /** ProgressBar updates: value 1..ticks, max ticks. */
  ticks: number;
  /** Each tick carries a latent preview (samplers only). */
  previews: boolean;
  /** A failure the node's own inputs ask for (TraceFakeSampler's fail_at_step). */
  failAt?: { tick: number; failure: NodeFailure };
  /** Runs when the ticks are done; returns the node's UI dict, if any. */
  finish?: () => Record<string, unknown> | undefined;
}

const int = (value: unknown, fallback: number): number => {
  const parsed = pyInt(value);
  return parsed.ok ? parsed.value : fallback;
};

/**
 * The frames a VHS node receives: found upstream at WanImageToVideo (`length`; the Wan VAE decodes
 * 4n+1 frames) or the traces' TraceFakeSampler (`frames`).
 */
export function frameCount(prompt: Prompt, nodeId: string): number {
  const seen = new Set<string>();
  const todo = [nodeId];
  while (todo.length > 0) {
    const id = todo.shift() as string;
    if (seen.has(id) || !Object.hasOwn(prompt, id)) continue;
    seen.add(id);
    const node = prompt[id] as Prompt[string];
    if (node.class_type === "WanImageToVideo")
      return Math.floor((int(node.inputs["length"], 81) - 1) / 4) * 4 + 1;
    if (node.class_type === "TraceFakeSampler") return int(node.inputs["frames"], 8);
    for (const value of Object.values(node.inputs)) if (isExecutorLink(value)) todo.push(value[0]);
  }
  return 1;
}

/**
 * KSamplerAdvanced slices the sigmas to [start_at_step, min(end_at_step, steps)] and the sampler
 * callback reports `value = i + 1`, `max = len(sigmas) - 1`: the steps of this call only.
 */
function advancedSamplerTicks(inputs: Record<string, unknown>): number {
  const steps = int(inputs["steps"], 20);
  const end = Math.min(int(inputs["end_at_step"], 10000), steps);
  const start = int(inputs["start_at_step"], 0);
  return start < end ? end - start : 0;
}

export interface PlanContext {
  dirs: OutputDirs;
  /** Where a LoadImage / VHS_LoadVideo file name (optionally `name [output]`) points. */
  inputPath?: ((name: string) => string) | undefined;
  videoBytes?: ((nodeId: string) => number | undefined) | undefined;
}

export function planNode(prompt: Prompt, nodeId: string, ctx: PlanContext): NodePlan {
  const node = prompt[nodeId] as Prompt[string];
  const inputs = node.inputs;
  switch (node.class_type) {
    case "KSamplerAdvanced":
      return { ticks: advancedSamplerTicks(inputs), previews: true };
    case "KSampler":
      return { ticks: int(inputs["steps"], 20), previews: true };
    case "TraceFakeSampler": {
      const steps = int(inputs["steps"], 6);
      const failStep = int(inputs["fail_at_step"], 0);
      const plan: NodePlan = { ticks: steps, previews: pyBool(inputs["send_preview"] ?? true) };
      if (failStep > 0 && failStep <= steps) {
        const failure = new NodeFailure(
          "RuntimeError",
          `TraceFakeSampler: simulated failure at step ${failStep}/${steps}`,
        );
        plan.failAt = { tick: failStep, failure };
      }
      return plan;
    }
    case "VHS_VideoCombine":
      return {
        ticks: frameCount(prompt, nodeId),
        previews: false,
        finish: () => {
          const forced = ctx.videoBytes?.(nodeId);
          const again = ctx.inputPath
            ? reencodedSize(prompt, nodeId, (name) => readFileSync(ctx.inputPath!(name)))
            : undefined;
          const meta = again?.meta ?? encodingOf(prompt, nodeId);
          return writeVideoCombine(ctx.dirs, inputs, forced ?? again?.bytes, describeEncoding(meta));
        },
      };
    case "VHS_LoadVideo": {
      const file = ctx.inputPath?.(String(inputs["video"]));
      return {
        ticks: 0,
        previews: false,
        finish: () => {
          try {
            if (file) readFileSync(file);
          } catch {
            throw new NodeFailure("Exception", `video is not a valid path: ${String(inputs["video"])}`);
          }
          return undefined;
        },
      };
    }
    case "SaveImage":
      return { ticks: 0, previews: false, finish: () => writeSaveImage(ctx.dirs, inputs) };
    default:
      return { ticks: 0, previews: false };
  }
}
