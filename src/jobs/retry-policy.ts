import { type ComfyErrorCode, isComfyError } from "../comfy/errors.js";

/** Failures that say nothing about the job itself, only that the server or the way to it hiccuped. */
const transientCodes = new Set<ComfyErrorCode>([
  "UNREACHABLE",
  "BAD_RESPONSE",
  "TIMEOUT",
  "DISCONNECTED",
  "UPLOAD_FAILED",
]);

export function isTransient(error: unknown): boolean {
  return isComfyError(error) && transientCodes.has(error.comfyCode);
}

/** 1 s, 2 s, 4 s … capped at 30 s between attempts. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000, 1_000 * 2 ** Math.max(0, attempts - 1));
}
