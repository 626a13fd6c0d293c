import { unlink } from "node:fs/promises";
import type { Logger } from "../logger.js";
import { chooseDelivery } from "../media/delivery.js";
import { type MeasuredEncode, shrinkSettings } from "../media/shrink-size.js";
import type { JobRecord } from "./job.js";
import type { ServerLane } from "./lane.js";

/** What the presenter is to post: which file, a link, or nothing (with the owner told why). */
export type DeliveryPlan =
  { kind: "attach"; which: "full" | "compact" | "smaller" } | { kind: "link" } | { kind: "none" };

export interface DeliveryOptions {
  /** A link server is configured: a video too big for the channel goes as a link. */
  canLink: boolean;
  /** The CRFs the two encodes were written with (VIDEO_CRF, and the compact one's). */
  crf: { full: number; compact?: number | undefined };
}

export interface PlanDeps {
  options: DeliveryOptions;
  lanes: readonly ServerLane[];
  logger: Logger;
  signal?: AbortSignal;
  /** The bot is shutting down: a failed smaller version is then left to the next start, not given up. */
  stopping?: () => boolean;
}

/** Attempts at a smaller version: the second is computed from what the first measured. */
const shrinkAttempts = 2;

/**
 * Decides how a finished video reaches the channel. The full file when it fits, else the compact one,
 * else a link; with no link server, ComfyUI writes the video again at a size computed from the measured
 * one (`job.result.smaller`). Only when that fails too the plan is "none".
 */
export async function planDelivery(job: JobRecord, deps: PlanDeps): Promise<DeliveryPlan> {
  const result = job.result;
  if (!result) throw new Error("delivered without a result");
  const limit = job.origin.attachmentSizeLimit;
  const choice = chooseDelivery({ full: result.size, compact: result.compactSize }, limit);
  if (choice.kind === "attach") return choice;
  if (deps.options.canLink) return { kind: "link" };
  if (result.smaller && result.smaller.size <= limit) return { kind: "attach", which: "smaller" };
  const lane =
    deps.lanes.find((l) => l.name === job.server && l.shrink && l.healthy()) ??
    deps.lanes.find((l) => l.shrink && l.healthy());
  if (!lane?.shrink) return { kind: "none" };

  const log = deps.logger.child({ jobId: job.id, server: lane.name });
  const compact = result.compactSize !== undefined && deps.options.crf.compact !== undefined;
  let measured: MeasuredEncode = {
    size: compact ? result.compactSize! : result.size,
    crf: compact ? deps.options.crf.compact! : deps.options.crf.full,
    width: result.width,
    height: result.height,
  };
  for (let attempt = 1; attempt <= shrinkAttempts; attempt++) {
    const settings = shrinkSettings(measured, limit);
    if (!settings) break;
    try {
      const shrunk = await lane.shrink(job, settings, deps.signal ?? new AbortController().signal);
      log.info({ attempt, ...settings, size: shrunk.size, limit }, "smaller version written on ComfyUI");
      if (shrunk.size <= limit) {
        result.smaller = { ...shrunk, width: settings.width, height: settings.height };
        return { kind: "attach", which: "smaller" };
      }
      await unlink(shrunk.path).catch(() => undefined);
      measured = { size: shrunk.size, ...settings };
    } catch (error) {
      if (deps.stopping?.()) throw error;
      log.warn({ err: error, attempt }, "the smaller version could not be made on ComfyUI");
      break;
    }
  }
  return { kind: "none" };
}
