import type { Logger } from "../logger.js";
import { ComfyError, isComfyError } from "./errors.js";
import type { PromptEvent, PromptResult } from "./events.js";
import type { ComfyFrame, PreviewFrame } from "./frames.js";
import type { ComfyHttp } from "./http.js";
import { hasFiles, outcomeFromHistory, outputMissing } from "./outcome.js";
import type { HistoryEntry } from "./schemas.js";
import type { Clock } from "../clock.js";
import { retry } from "../retry.js";
import { createPromptTracker } from "./tracker.js";

export interface HistoryRetry {
  /** Patience for the history entry: as long as this many reads `delayMs` apart. Default 8. */
  attempts: number;
  /** The longest pause between reads (the first ones are shorter). Default 250 ms. */
  delayMs: number;
}

/** The first pause before reading /history again; each next one doubles, up to `delayMs`. */
const firstHistoryPauseMs = 20;

/**
 * The server emits execution_success a moment before it writes the history entry: look again soon,
 * then less often, waiting as long in all as `attempts` reads `delayMs` apart would.
 */
export function historyPauses({ attempts, delayMs }: HistoryRetry): number[] {
  const pauses: number[] = [];
  let left = (attempts - 1) * delayMs;
  for (let pause = Math.min(delayMs, firstHistoryPauseMs); left > 0; pause = Math.min(delayMs, pause * 2)) {
    pauses.push(Math.min(pause, left));
    left -= pauses.at(-1)!;
  }
  return pauses;
}

export interface WatchDeps {
  http: Pick<ComfyHttp, "history" | "queue">;
  scheduler: Clock;
  logger: Logger;
  historyRetry: HistoryRetry;
  onSettled: (watch: PromptWatch) => void;
}

export interface WatchOptions {
  onEvent?: ((event: PromptEvent) => void) | undefined;
  /** Stops waiting (the prompt keeps running on the server; cancelling is the caller's call). */
  signal?: AbortSignal | undefined;
}

/** Waits for one prompt's outcome from live frames, reconciling through /queue and /history. */
export interface PromptWatch {
  readonly promptId: string;
  readonly promise: Promise<PromptResult>;
  /** Starts acting on frames; those that arrived earlier are replayed after `first`. */
  begin(first?: PromptEvent): void;
  /** The server chose another id (servers before 0.3.45 ignore ours). */
  rekey(promptId: string): void;
  onFrame(frame: ComfyFrame): void;
  onPreview(preview: PreviewFrame): void;
  onDisconnected(): void;
  onReconnected(): void;
  /** Asks the server where the prompt is: queued or running → keep waiting; done → settle; gone → LOST. */
  reconcile(): void;
  fail(error: unknown): void;
}

export function createPromptWatch(promptId: string, deps: WatchDeps, options: WatchOptions): PromptWatch {
  const tracker = createPromptTracker(promptId);
  const log = deps.logger.child({ promptId });
  const backlog: ComfyFrame[] = [];
  let begun = false;
  let settled = false;
  let finishing = false;
  let sawSuccess = false;
  let reconciling = false;
  let reconcileAgain = false;
  let resolvePromise!: (result: PromptResult) => void;
  let rejectPromise!: (error: unknown) => void;
  const promise = new Promise<PromptResult>((resolve, reject) => {
    resolvePromise = resolve;
    rejectPromise = reject;
  });

  const onAbort = () => settle(options.signal?.reason);
  options.signal?.addEventListener("abort", onAbort, { once: true });

  function settle(outcome: PromptResult | unknown): void {
    if (settled) return;
    settled = true;
    options.signal?.removeEventListener("abort", onAbort);
    deps.onSettled(watch);
    if (isResult(outcome)) resolvePromise(outcome);
    else rejectPromise(outcome);
  }

  function emit(event: PromptEvent): void {
    if (settled) return;
    try {
      options.onEvent?.(event);
    } catch (err) {
      log.error({ err }, "prompt event listener failed");
    }
  }

  function process(frame: ComfyFrame): void {
    const step = tracker.handleFrame(frame);
    for (const event of step.events) emit(event);
    if (step.signal === "success" || step.signal === "finished") {
      if (step.signal === "success") sawSuccess = true;
      finish();
    } else if (step.signal) {
      settle(step.signal);
    } else if (frame.type === "status" && frame.data.status.exec_info.queue_remaining === 0) {
      // Broadcast even when targeted frames stop reaching us; an empty queue means ours is done or gone.
      reconcile();
    }
  }

  function readHistory(): Promise<HistoryEntry | undefined> {
    return retry(() => deps.http.history(tracker.promptId, { signal: options.signal }), {
      delaysMs: historyPauses(deps.historyRetry),
      // Only a missing entry is looked for again; a failed read is the caller's to judge.
      retryable: () => false,
      again: (entry) => !entry && !settled,
      clock: deps.scheduler,
      signal: options.signal,
    });
  }

  function finish(): void {
    if (finishing || settled) return;
    finishing = true;
    readHistory().then(
      (entry) => settle(entry ? outcomeFromHistory(tracker.promptId, entry) : fromFrames()),
      (error: unknown) => settle(sawSuccess && !options.signal?.aborted ? fromFrames() : error),
    );
  }

  /** Without a history entry, what the socket showed is all there is. */
  function fromFrames(): PromptResult | ComfyError {
    if (!sawSuccess) return new ComfyError("LOST", { diagnostics: { promptId: tracker.promptId } });
    const result = { promptId: tracker.promptId, outputs: { ...tracker.outputs }, cached: tracker.cached };
    return hasFiles(result) ? result : outputMissing(tracker.promptId);
  }

  async function reconcileOnce(): Promise<void> {
    const queue = await deps.http.queue({ signal: options.signal });
    if (settled || finishing) return;
    const id = tracker.promptId;
    const running = queue.running.some((item) => item.promptId === id);
    if (running || queue.pending.some((item) => item.promptId === id)) {
      tracker.running = running;
      return;
    }
    // Checked after /queue: the server writes history and leaves the queue in one step.
    const entry = await readHistory();
    if (settled || finishing) return;
    settle(entry ? outcomeFromHistory(id, entry) : new ComfyError("LOST", { diagnostics: { promptId: id } }));
  }

  function reconcile(): void {
    if (!begun || settled || finishing) return;
    if (reconciling) {
      reconcileAgain = true;
      return;
    }
    reconciling = true;
    void (async () => {
      try {
        do {
          reconcileAgain = false;
          await reconcileOnce();
        } while (reconcileAgain && !settled && !finishing);
      } catch (err) {
        if (!settled && !options.signal?.aborted) {
          log.warn(
            { err: isComfyError(err) ? err.diagnostics : err },
            "reconcile failed; waiting for the next event",
          );
        }
      } finally {
        reconciling = false;
      }
    })();
  }

  const watch: PromptWatch = {
    get promptId() {
      return tracker.promptId;
    },
    promise,
    begin(first) {
      if (begun || settled) return;
      begun = true;
      if (first) emit(first);
      for (const frame of backlog.splice(0)) if (!settled) process(frame);
    },
    rekey(id) {
      tracker.promptId = id;
    },
    onFrame(frame) {
      if (settled) return;
      if (begun) process(frame);
      else backlog.push(frame);
    },
    onPreview(preview) {
      const event = begun && !settled ? tracker.handlePreview(preview) : undefined;
      if (event) emit(event);
    },
    onDisconnected() {
      emit({ type: "disconnected", promptId: tracker.promptId });
    },
    onReconnected() {
      emit({ type: "reconnected", promptId: tracker.promptId });
      reconcile();
    },
    reconcile,
    fail: (error) => settle(error),
  };

  if (options.signal?.aborted) settle(options.signal.reason);
  return watch;
}

function isResult(value: unknown): value is PromptResult {
  return typeof value === "object" && value !== null && "outputs" in value && !(value instanceof Error);
}
