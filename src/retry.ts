import { type Clock, realClock, sleep as sleepOn } from "./clock.js";

export interface RetryOptions<T> {
  /** The pause before each retry; its length is the number of retries. */
  delaysMs: readonly number[];
  /** Whether a failure is worth another try (default: every failure). */
  retryable?: (error: unknown) => boolean;
  /**
   * Whether a value the step returned is not the answer yet (an entry not written yet): tried again
   * after the next pause; when the pauses run out, that last value is returned. Default: none.
   */
  again?: (value: T) => boolean;
  /** Told before each pause, e.g. to log it. `attempt` counts from 1. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  clock?: Clock;
  /** Stops the waiting: the pause rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Replaces the pause (tests that count pauses instead of waiting them). */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Runs `step` until it succeeds (with a value `again` accepts), the failure is not retryable, or the
 * pauses run out (then it throws the failure, or returns the last value).
 */
export async function retry<T>(step: (attempt: number) => Promise<T>, options: RetryOptions<T>): Promise<T> {
  const pause = options.sleep ?? ((ms: number) => sleepOn(options.clock ?? realClock, ms, options.signal));
  for (let attempt = 0; ; attempt++) {
    const delay = options.delaysMs[attempt];
    let value: T;
    try {
      value = await step(attempt);
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      if (delay === undefined || options.retryable?.(error) === false) throw error;
      options.onRetry?.(error, attempt + 1, delay);
      await pause(delay);
      continue;
    }
    if (delay === undefined || !options.again?.(value)) return value;
    await pause(delay);
  }
}
