import type { ComfyHttp } from "../comfy/http.js";
import type { ServerLane } from "../jobs/lane.js";
import { takePromptOff } from "./cancel-remote.js";
import type { I2VExecutor } from "./execute.js";

/**
 * One ComfyUI server as a lane without health watching or pipelining: one job at a time, taken off
 * the server on cancel. For a single run such as the CLI's `render`.
 */
export function createSingleServerLane(options: {
  name: string;
  comfy: Pick<ComfyHttp, "queue" | "deleteFromQueue" | "interrupt">;
  executor: I2VExecutor;
}): ServerLane {
  return {
    name: options.name,
    slots: 1,
    execute: (job, hooks) => options.executor.execute(job, hooks),
    resume: (job, hooks) => options.executor.resume(job, hooks),
    cancel: async (job) => takePromptOff(options.comfy, job.promptId!),
    othersQueued: async () => 0,
    healthy: () => true,
  };
}
