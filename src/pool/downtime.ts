import type { Clock } from "../clock.js";
import type { HealthMonitor } from "./health.js";

export interface DowntimeWatch {
  /** Rejects with `error()` once the server has been down for the grace period without a break. */
  readonly expired: Promise<never>;
  readonly fired: boolean;
  stop(): void;
}

/** Counts from the moment the server went down; coming back before the grace period ends resets it. */
export function watchDowntime(options: {
  health: Pick<HealthMonitor, "up" | "downSince" | "onChange">;
  graceMs: number;
  scheduler: Clock;
  now: () => number;
  error: () => Error;
}): DowntimeWatch {
  const { health, scheduler } = options;
  let timer: unknown;
  let fired = false;
  let reject!: (error: Error) => void;
  const expired = new Promise<never>((_, rejectExpired) => (reject = rejectExpired));
  expired.catch(() => undefined);

  function arm() {
    if (timer !== undefined || fired) return;
    const downFor = options.now() - (health.downSince ?? options.now());
    timer = scheduler.setTimeout(
      () => {
        timer = undefined;
        fired = true;
        reject(options.error());
      },
      Math.max(0, options.graceMs - downFor),
    );
  }

  function disarm() {
    if (timer !== undefined) scheduler.clearTimeout(timer);
    timer = undefined;
  }

  if (!health.up) arm();
  const off = health.onChange((up) => (up ? disarm() : arm()));
  return {
    expired,
    get fired() {
      return fired;
    },
    stop() {
      disarm();
      off();
    },
  };
}
