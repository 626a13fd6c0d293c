/**
 * At most one of our prompts waits in a server's own queue: the next is handed over only once ComfyUI
 * started the one before it, however many prompts other clients queued there meanwhile. Jobs kept back
 * stay ours to place, cancel and count.
 */
export interface WaitingGate {
  /** Resolves when this job may hand its prompt over; the returned release is idempotent. */
  enter(signal: AbortSignal): Promise<() => void>;
  /** Our prompts handed over and not yet started. */
  readonly waiting: number;
}

export function createWaitingGate(): WaitingGate {
  let holder = false;
  const queue: Array<() => void> = [];

  function release() {
    const next = queue.shift();
    if (next) next();
    else holder = false;
  }

  return {
    get waiting() {
      return holder ? 1 : 0;
    },
    enter(signal) {
      signal.throwIfAborted();
      let released = false;
      const once = () => {
        if (released) return;
        released = true;
        release();
      };
      if (!holder) {
        holder = true;
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
