import { unlink } from "node:fs/promises";
import type { Clock } from "../clock.js";
import { isUserError } from "../errors.js";
import { retry } from "../retry.js";
import type { Logger } from "../logger.js";
import type { JobRecord } from "./job.js";
import type { DeliveredHow, JobPresenter } from "./presenter.js";

/** Pauses between delivery attempts: Discord outages outlast discord.js's own three quick retries. */
export const deliveryRetryDelaysMs = [2_000, 5_000, 15_000, 30_000];

export interface DeliverDeps {
  presenter: JobPresenter;
  logger: Logger;
  sleep?: (ms: number) => Promise<void>;
  delaysMs?: readonly number[];
}

/**
 * Hands a finished video to the presenter, trying again through a platform outage. A posted result
 * is idempotent (the presenter posts with a nonce), so a retry after an unclear failure posts once.
 */
export async function deliverWithRetry(job: JobRecord, deps: DeliverDeps): Promise<DeliveredHow | void> {
  return retry(() => deps.presenter.delivered(job), {
    delaysMs: deps.delaysMs ?? deliveryRetryDelaysMs,
    retryable: (error) => !isUserError(error),
    onRetry: (error, attempt) =>
      deps.logger.warn({ err: error, jobId: job.id, attempt }, "delivery failed; trying again"),
    clock: unrefClock,
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
  });
}

/** Pauses that do not keep the process alive on their own. */
const unrefClock: Clock = {
  setTimeout: (callback, ms) => setTimeout(callback, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Files the delivered job no longer needs: an attached video lives on Discord, a linked one stays. */
export async function discardDelivered(job: JobRecord, how: DeliveredHow | void): Promise<void> {
  const result = job.result;
  if (!result || !how) return;
  const paths = how === "attached" ? [result.videoPath, result.compactPath] : [result.compactPath];
  await Promise.all(paths.map((p) => (p ? unlink(p).catch(() => undefined) : undefined)));
}
