/**
 * At most one of our prompts waits in a server's own queue: the next is handed over only once ComfyUI
 * started the one before it, however many prompts other clients queued there meanwhile. Jobs kept back
 * stay ours to place, cancel and count.
 */
export interface WaitingGate {
  /** Resolves when this job may hand its prompt over; the returned release is idempotent. */
  enter(signal: AbortSignal): Promise<() => void>;
  /**
   * Counts a prompt that is already in the server's queue (one an earlier process handed over) as
   * waiting there, without waiting itself; the returned release is idempotent.
   */
  occupy(): () => void;
  /** Our prompts handed over and not yet started. */
  readonly waiting: number;
}

export function createWaitingGate(): WaitingGate {
  /** Ours handed over and not started: at most one, except for prompts found there after a restart. */
  let holders = 0;
  const queue: Array<() => void> = [];

  function release() {
    holders -= 1;
    if (holders > 0) return;
    const next = queue.shift();
    if (next) {
      holders = 1;
      next();
    }
  }

  const releaseOnce = () => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
    };
  };

  return {
    get waiting() {
      return holders;
    },
    occupy() {
      holders += 1;
      return releaseOnce();
    },
    enter(signal) {
      signal.throwIfAborted();
      const once = releaseOnce();
      if (holders === 0) {
        holders = 1;
        return Promise.resolve(once);
      }
      return new Promise((resolve, reject) => {
        const admit = () => {
          signal.removeEventListener("abort", onAbort);
          resolve(once);
        };
        const onAbort = () => {
          const index = queue.indexOf(admit);
          if (index >= 0) queue.splice(index, 1);
          reject(signal.reason);
        };
        queue.push(admit);
        signal.addEventListener("abort", onAbort, { once: true });
      });
    },
  };
}
