import type { Clock } from "../clock.js";
import type { Logger } from "../logger.js";
import type { ServerSnapshot } from "./server-probe.js";

export interface HealthOptions {
  name: string;
  probe(signal: AbortSignal): Promise<ServerSnapshot>;
  scheduler: Clock;
  now: () => number;
  intervalMs: number;
  /** A check that has not answered by then counts as down. */
  timeoutMs: number;
  logger: Logger;
}

/** Whether one server answers, checked now and then; it counts as up until a check says otherwise. */
export interface HealthMonitor {
  readonly up: boolean;
  /** When the server was last seen going down; undefined while up. */
  readonly downSince: number | undefined;
  /** The last successful check. */
  readonly last: ServerSnapshot | undefined;
  /** Checks now (joining a check in flight) and resolves with the verdict. */
  check(): Promise<boolean>;
  start(): void;
  stop(): void;
  /** Told of every change between up and down. */
  onChange(listener: (up: boolean) => void): () => void;
  /** Resolves true as soon as the server is up, false after `ms`; rejects when `signal` aborts. */
  waitUp(ms: number, signal?: AbortSignal): Promise<boolean>;
}

class HealthCheckTimeout extends Error {
  override readonly name = "HealthCheckTimeout";
}

export function createHealthMonitor(options: HealthOptions): HealthMonitor {
  const { scheduler, logger } = options;
  const listeners = new Set<(up: boolean) => void>();
  let up = true;
  let downSince: number | undefined;
  let last: ServerSnapshot | undefined;
  let inFlight: Promise<boolean> | undefined;
  let timer: unknown;
  let running = false;

  function set(nowUp: boolean, error?: unknown) {
    if (nowUp === up) return;
    up = nowUp;
    downSince = nowUp ? undefined : options.now();
    if (nowUp) logger.info({ server: options.name }, "ComfyUI server is back");
    else logger.warn({ server: options.name, err: error }, "ComfyUI server does not answer");
    for (const listener of [...listeners]) listener(nowUp);
  }

  async function probeOnce(): Promise<boolean> {
    const controller = new AbortController();
    let expire: unknown;
    const deadline = new Promise<never>((_, reject) => {
      expire = scheduler.setTimeout(() => {
        const error = new HealthCheckTimeout(`no answer within ${options.timeoutMs} ms`);
        controller.abort(error);
        reject(error);
      }, options.timeoutMs);
    });
    try {
      last = await Promise.race([options.probe(controller.signal), deadline]);
      set(true);
    } catch (error) {
      set(false, error);
    } finally {
      scheduler.clearTimeout(expire);
    }
    return up;
  }

  function check(): Promise<boolean> {
    inFlight ??= probeOnce().finally(() => (inFlight = undefined));
    return inFlight;
  }

  function onChange(listener: (up: boolean) => void): () => void {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }

  function tick() {
    timer = undefined;
    void check().finally(() => {
      if (running) timer = scheduler.setTimeout(tick, options.intervalMs);
    });
  }

  return {
    get up() {
      return up;
    },
    get downSince() {
      return downSince;
    },
    get last() {
      return last;
    },
    check,
    start() {
      if (running) return;
      running = true;
      tick();
    },
    stop() {
      running = false;
      if (timer !== undefined) scheduler.clearTimeout(timer);
      timer = undefined;
    },
    onChange,
    waitUp(ms, signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (up) return Promise.resolve(true);
      return new Promise<boolean>((resolve, reject) => {
        const finish = (outcome: () => void) => {
          scheduler.clearTimeout(timeout);
          off();
          signal?.removeEventListener("abort", onAbort);
          outcome();
        };
        const onAbort = () => finish(() => reject(signal?.reason));
        const off = onChange((nowUp) => {
          if (nowUp) finish(() => resolve(true));
        });
        const timeout = scheduler.setTimeout(() => finish(() => resolve(false)), ms);
        signal?.addEventListener("abort", onAbort, { once: true });
      });
    },
  };
}
