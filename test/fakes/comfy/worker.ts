/** main.py's `prompt_worker`: one prompt at a time, history written before the final `executing(null)`. */
import { executePrompt, type ExecutionEnv } from "./executor.js";
import { NodeNotFoundError } from "./execution-list.js";
import type { PromptQueue } from "./queue.js";

/** Thrown by `sleep` once the emulator restarted or closed: the abandoned run goes silent. */
export class Stopped extends Error {
  override readonly name = "Stopped";
}

export class PromptWorker {
  private paused = false;
  private stopped = false;
  private resumeWaiters: Array<() => void> = [];
  private stopWaiters: Array<() => void> = [];
  /** True after a dangling link crashed the worker thread, as on a real 0.3.64 server. */
  dead = false;
  /** What killed the worker, if anything did. */
  crash: unknown;

  constructor(
    private readonly queue: PromptQueue,
    private readonly env: ExecutionEnv,
    private readonly historyGapMs: number,
  ) {}

  start(): void {
    void this.loop();
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.resumeWaiters.splice(0).forEach((wake) => wake());
  }

  stop(): void {
    this.stopped = true;
    this.stopWaiters.splice(0).forEach((wake) => wake());
    this.resume();
  }

  sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.reject(new Stopped());
    return new Promise((resolve, reject) => {
      const onStop = () => {
        clearTimeout(timer);
        reject(new Stopped());
      };
      const timer = setTimeout(() => {
        this.stopWaiters = this.stopWaiters.filter((w) => w !== onStop);
        if (this.stopped) reject(new Stopped());
        else resolve();
      }, ms);
      this.stopWaiters.push(onStop);
    });
  }

  /** Resolves once nothing is queued or running (or the worker died). */
  async idle(): Promise<void> {
    while (!this.dead && !this.stopped && (this.queue.remaining > 0 || this.paused)) {
      if (this.paused && this.queue.remaining === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  private async until(condition: () => boolean, wait: () => Promise<void>): Promise<void> {
    while (!condition() && !this.stopped) await wait();
  }

  private async loop(): Promise<void> {
    for (;;) {
      await this.until(
        () => !this.paused,
        () => new Promise((resolve) => this.resumeWaiters.push(resolve)),
      );
      await this.until(
        () => this.queue.pending.length > 0,
        () => Promise.race([this.queue.waitForItem(), new Promise<void>((r) => this.stopWaiters.push(r))]),
      );
      if (this.stopped) return;
      if (this.paused) continue;
      const item = this.queue.take();
      if (!item) continue;
      try {
        const result = await executePrompt(this.env, item);
        await this.sleep(this.historyGapMs);
        this.queue.taskDone(item, result);
        const clientId = item.extraData["client_id"];
        if (typeof clientId === "string") {
          this.env.hub.send("executing", { node: null, prompt_id: item.promptId }, clientId);
        }
      } catch (error) {
        if (error instanceof Stopped) return;
        // Like ComfyUI's worker thread, any other exception (a NodeNotFoundError from a dangling link)
        // ends the loop: the running prompt stays "running" and nothing else executes until a restart.
        this.dead = true;
        this.crash = error;
        if (!(error instanceof NodeNotFoundError)) console.error("ComfyUI emulator worker crashed", error);
        return;
      }
    }
  }
}
