export interface BackoffOptions {
  /** First delay before jitter. Default 500 ms. */
  initialMs?: number | undefined;
  /** Cap before jitter. Default 30 s. */
  maxMs?: number | undefined;
  factor?: number | undefined;
  /** Uniform [0, 1); injected so tests are deterministic. */
  random?: (() => number) | undefined;
}

export interface Backoff {
  /** The delay before the next attempt; each call counts one failed attempt. */
  next(): number;
  /** Call after a success so the next failure starts from `initialMs` again. */
  reset(): void;
  readonly attempts: number;
}

/**
 * Capped exponential backoff with "equal jitter": the delay is uniform in [cap/2, cap], so clients do
 * not reconnect in lockstep and the delay never collapses to zero.
 */
export function createBackoff(options: BackoffOptions = {}): Backoff {
  const initialMs = options.initialMs ?? 500;
  const maxMs = Math.max(options.maxMs ?? 30_000, initialMs);
  const factor = options.factor ?? 2;
  const random = options.random ?? Math.random;
  let attempts = 0;
  return {
    next() {
      const cap = Math.min(maxMs, initialMs * factor ** attempts);
      attempts += 1;
      return Math.round(cap / 2 + random() * (cap / 2));
    },
    reset() {
      attempts = 0;
    },
    get attempts() {
      return attempts;
    },
  };
}
