import { type Clock, unrefClock } from "../clock.js";
import type { ComfyHttp } from "../comfy/http.js";
import type { QueueSnapshot } from "../comfy/schemas.js";

/**
 * How many prompts ComfyUI will run before ours: everything running plus what is pending with a lower
 * number, whoever queued it. Undefined once ours is running or gone.
 */
export function promptsAhead(queue: QueueSnapshot, promptId: string): number | undefined {
  if (queue.running.some((item) => item.promptId === promptId)) return undefined;
  const index = queue.pending.findIndex((item) => item.promptId === promptId);
  if (index < 0) return undefined;
  return queue.running.length + index;
}

export interface QueuePositionWatch {
  /** ComfyUI started the prompt (or it ended): no more positions. */
  stop(): void;
}

/**
 * Reads ComfyUI's queue every `intervalMs` while our prompt waits there and reports each new count of
 * prompts ahead of it. Stops on its own when the prompt leaves the pending list.
 */
export function watchQueuePosition(options: {
  comfy: Pick<ComfyHttp, "queue">;
  promptId: string;
  intervalMs: number;
  onAhead: (ahead: number) => void;
  /** Default: the real clock, whose timers do not hold the process. */
  clock?: Clock;
}): QueuePositionWatch {
  const clock = options.clock ?? unrefClock;
  let stopped = false;
  let timer: unknown;
  let last: number | undefined;

  async function poll() {
    timer = undefined;
    if (stopped) return;
    let ahead: number | undefined;
    try {
      ahead = promptsAhead(await options.comfy.queue(), options.promptId);
    } catch {
      // A missed read only delays the next position; the run itself is followed elsewhere.
      ahead = last;
    }
    if (stopped) return;
    if (ahead === undefined && last !== undefined) return;
    if (ahead !== undefined && ahead !== last) {
      last = ahead;
      options.onAhead(ahead);
    }
    timer = clock.setTimeout(() => void poll(), options.intervalMs);
  }

  void poll();
  return {
    stop() {
      stopped = true;
      if (timer !== undefined) clock.clearTimeout(timer);
    },
  };
}
