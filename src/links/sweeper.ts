import type { Clock } from "../clock.js";
import type { Logger } from "../logger.js";
import type { LinkRegistry } from "./registry.js";

export interface Sweeper {
  /** Cancels the timer and waits for a sweep in progress. */
  stop(): Promise<void>;
}

/** Sweeps once now (files may have expired while the bot was down), then every `everyMs`. */
export function startSweeper(options: {
  registry: LinkRegistry;
  logger: Logger;
  everyMs: number;
  scheduler: Clock;
}): Sweeper {
  const { registry, logger, scheduler } = options;
  let stopped = false;
  let handle: unknown;
  let running: Promise<void> = Promise.resolve();

  function run(): void {
    running = registry
      .sweep()
      .then(({ expired, filesDeleted }) => {
        if (expired > 0) logger.info({ expired, filesDeleted }, "expired links removed");
      })
      .catch((error: unknown) => logger.error({ err: error }, "link sweep failed"))
      .finally(() => {
        if (!stopped && options.everyMs > 0) handle = scheduler.setTimeout(run, options.everyMs);
      });
  }

  if (options.everyMs > 0) run();
  return {
    async stop() {
      stopped = true;
      scheduler.clearTimeout(handle);
      await running;
    },
  };
}
