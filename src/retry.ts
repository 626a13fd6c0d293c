import { type Clock, realClock, sleep as sleepOn } from "./clock.js";

export interface RetryOptions {
  /** The pause before each retry; its length is the number of retries. */
  delaysMs: readonly number[];
  /** Whether a failure is worth another try (default: every failure). */
  retryable?: (error: unknown) => boolean;
  /** Told before each pause, e.g. to log it. `attempt` counts from 1. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  clock?: Clock;
  /** Stops the waiting: the pause rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Replaces the pause (tests that count pauses instead of waiting them). */
  sleep?: (ms: number) => Promise<void>;
}

/** Runs `step` until it succeeds, the failure is not retryable, or the pauses run out (then it throws). */
export async function retry<T>(step: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const pause = options.sleep ?? ((ms: number) => sleepOn(options.clock ?? realClock, ms, options.signal));
  for (let attempt = 0; ; attempt++) {
    try {
      return await step(attempt);
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      const delay = options.delaysMs[attempt];
      if (delay === undefined || options.retryable?.(error) === false) throw error;
      options.onRetry?.(error, attempt + 1, delay);
      await pause(delay);
    }
  }
}
