import { createWriteStream } from "node:fs";
import { stat, unlink } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import { unrefClock } from "../clock.js";
import type { ComfyClient } from "../comfy/client.js";
import { isComfyError } from "../comfy/errors.js";
import type { FileRef } from "../comfy/events.js";
import { retry } from "../retry.js";

/** Pauses before the second and third try of a download: the render is done, so it is worth waiting for. */
const downloadRetryDelaysMs = [1_000, 3_000];
const retryableDownload = new Set(["BAD_RESPONSE", "UNREACHABLE", "TIMEOUT"]);

/** Copies one output file from ComfyUI to our disk, streamed; a hiccup on /view does not lose the render. */
export function download(
  comfy: ComfyClient,
  file: FileRef,
  path: string,
  signal: AbortSignal,
): Promise<number> {
  const copy = async () => {
    try {
      await pipeline(await comfy.view(file, { signal }), createWriteStream(path), { signal });
      return (await stat(path)).size;
    } catch (error) {
      await unlink(path).catch(() => undefined);
      throw error;
    }
  };
  return retry(copy, {
    delaysMs: downloadRetryDelaysMs,
    retryable: (error) => isComfyError(error) && retryableDownload.has(error.comfyCode),
    clock: unrefClock,
    signal,
  });
}
