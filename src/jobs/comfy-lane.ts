import type { ComfyClient } from "../comfy/client.js";
import { createRemoteCancel } from "./cancel-remote.js";
import type { I2VExecutor } from "./execute.js";
import type { ServerLane } from "./lane.js";

/** A ServerLane over one ComfyUI client and its executor. */
export function createComfyLane(options: {
  name: string;
  comfy: ComfyClient;
  executor: I2VExecutor;
  pipelining: boolean;
}): ServerLane {
  const { comfy, executor } = options;
  return {
    name: options.name,
    slots: options.pipelining ? 2 : 1,
    execute: executor.execute,
    resume: executor.resume,
    cancel: createRemoteCancel(() => comfy),
    async othersQueued(ours) {
      const queue = await comfy.queue();
      return [...queue.running, ...queue.pending].filter((item) => !ours.has(item.promptId)).length;
    },
    healthy: () => true,
  };
}
