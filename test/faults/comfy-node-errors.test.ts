import { afterEach, describe, expect, it } from "vitest";
import type { World } from "../e2e/harness.js";
import type { NodeFault } from "../fakes/comfy/index.js";
import { outcomes } from "./checker.js";
import { submitJobs } from "./submit.js";
import { faultWorld, settleInWorld } from "./fault-world.js";

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const delivered = { outcome: "delivered", problems: [] };
const failed = { outcome: "failed", problems: [] };

/**
 * The fault hits the first prompt ComfyUI runs, which is the first job sent (the fair queue starts it at
 * once); the other two must not notice.
 */
async function runWithNodeFault(nodeId: string, fault: NodeFault) {
  const w = (world = await faultWorld());
  w.comfy.failNode(nodeId, { ...fault, times: 1 });
  const jobs = await submitJobs(w.discord, `node ${nodeId}`);
  const settled = await settleInWorld(w, jobs);
  expect(outcomes(settled.verdicts)).toEqual([failed, delivered, delivered]);
  expect(settled.jobsLeft).toBe(0);
  return settled.verdicts[0]!.failure ?? "";
}

describe("fault matrix: a node raises", () => {
  it.each([
    { nodeId: "13", atStep: 2, label: "the high-noise sampler" },
    { nodeId: "14", atStep: 1, label: "the low-noise sampler" },
    { nodeId: "16", atStep: 5, label: "Video Combine" },
  ])(
    "GIVEN $label raises at step $atStep THEN that job fails with a clear sentence and a ping, the others are delivered",
    async ({ nodeId, atStep }) => {
      const failure = await runWithNodeFault(nodeId, {
        atStep,
        message: "mat1 and mat2 shapes cannot be multiplied",
      });
      expect(failure).toBe("The video server failed while making the video.");
    },
  );
});

describe("fault matrix: the GPU runs out of memory", () => {
  it.each([
    { nodeId: "13", atStep: 1, exceptionType: "torch.OutOfMemoryError", message: "Allocation on device" },
    { nodeId: "14", atStep: 3, exceptionType: "torch.OutOfMemoryError", message: "Allocation on device" },
    {
      nodeId: "15",
      atStep: undefined,
      exceptionType: "RuntimeError",
      message: "CUDA out of memory. Tried to allocate 2.00 GiB",
    },
  ])(
    "GIVEN node $nodeId raises $exceptionType THEN that job fails saying the GPU ran out of memory, the others are delivered",
    async ({ nodeId, atStep, exceptionType, message }) => {
      const failure = await runWithNodeFault(nodeId, {
        ...(atStep !== undefined ? { atStep } : {}),
        exceptionType,
        message,
      });
      expect(failure).toMatch(/ran out of GPU memory/);
      expect(failure).not.toMatch(/torch|Allocation on device|CUDA/);
    },
  );
});
