import { unlink } from "node:fs/promises";
import { unrefClock } from "../clock.js";
import { isUserError } from "../errors.js";
import { retry } from "../retry.js";
import type { Logger } from "../logger.js";
import { type DeliveryOptions, planDelivery } from "./delivery-plan.js";
import type { JobRecord } from "./job.js";
import type { ServerLane } from "./lane.js";
import type { DeliveredHow, JobPresenter } from "./presenter.js";

/** Pauses between delivery attempts: Discord outages outlast discord.js's own three quick retries. */
export const deliveryRetryDelaysMs = [2_000, 5_000, 15_000, 30_000];

export interface DeliverDeps {
  presenter: JobPresenter;
  logger: Logger;
  sleep?: (ms: number) => Promise<void>;
  delaysMs?: readonly number[];
  /** How the core chooses between file, compact file, smaller version and link. */
  delivery?: DeliveryOptions | undefined;
  /** Servers that can write a video again smaller. */
  lanes?: readonly ServerLane[];
  stopping?: () => boolean;
}

/** Without a configuration: links are not known to exist, and the CRFs are VideoHelperSuite's defaults. */
const defaultDelivery: DeliveryOptions = { canLink: false, crf: { full: 19, compact: 31 } };

/**
 * Decides how the finished video goes out (delivery-plan.ts), then hands it to the presenter, trying
 * again through a platform outage. A posted result is idempotent (the presenter posts with a nonce), so
 * a retry after an unclear failure posts once.
 */
export async function deliverWithRetry(job: JobRecord, deps: DeliverDeps): Promise<DeliveredHow | void> {
  const plan = await planDelivery(job, {
    options: deps.delivery ?? defaultDelivery,
    lanes: deps.lanes ?? [],
    logger: deps.logger,
    ...(deps.stopping ? { stopping: deps.stopping } : {}),
  });
  return retry(() => deps.presenter.delivered(job, plan), {
    delaysMs: deps.delaysMs ?? deliveryRetryDelaysMs,
    retryable: (error) => !isUserError(error),
    onRetry: (error, attempt) =>
      deps.logger.warn({ err: error, jobId: job.id, attempt }, "delivery failed; trying again"),
    clock: unrefClock,
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
  });
}

/** Files the delivered job no longer needs: an attached video lives on Discord, a linked one stays. */
export async function discardDelivered(job: JobRecord, how: DeliveredHow | void): Promise<void> {
  const result = job.result;
  if (!result || !how) return;
  const paths =
    how === "attached"
      ? [result.videoPath, result.compactPath, result.smaller?.path]
      : [result.compactPath, result.smaller?.path];
  await Promise.all(paths.map((p) => (p ? unlink(p).catch(() => undefined) : undefined)));
}
