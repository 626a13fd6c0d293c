import { UserError } from "../errors.js";

/** Every way a ComfyUI job can fail; each has its sentence in the catalog under `comfy.CODE`. */
export const comfyErrorCodes = [
  "UNREACHABLE",
  "BAD_RESPONSE",
  "ENQUEUE_FAILED",
  "VALIDATION_FAILED",
  "MISSING_CAPABILITY",
  "UPLOAD_FAILED",
  "EXECUTION_ERROR",
  "OUT_OF_MEMORY",
  "INTERRUPTED",
  "DISCONNECTED",
  "LOST",
  "TIMEOUT",
  "OUTPUT_MISSING",
] as const;

export type ComfyErrorCode = (typeof comfyErrorCodes)[number];

/** The ComfyUI code of a failure's key (`comfy.LOST` → `LOST`), for metrics. */
export function comfyCodeOf(key: string): ComfyErrorCode | undefined {
  const code = key.startsWith("comfy.") ? key.slice("comfy.".length) : "";
  return (comfyErrorCodes as readonly string[]).includes(code) ? (code as ComfyErrorCode) : undefined;
}

export interface ComfyDiagnostics {
  status?: number;
  body?: string;
  reason?: string;
  nodeId?: string;
  nodeType?: string;
  exceptionType?: string;
  [key: string]: unknown;
}

/**
 * A failure at the ComfyUI boundary: the key `comfy.CODE`, with `reason` (when it is safe to show) as
 * the detail that follows the sentence; `diagnostics` is for the log only.
 */
export class ComfyError extends UserError<`comfy.${ComfyErrorCode}`> {
  readonly comfyCode: ComfyErrorCode;
  readonly diagnostics: ComfyDiagnostics;

  constructor(
    code: ComfyErrorCode,
    options: { cause?: unknown; diagnostics?: ComfyDiagnostics; reason?: string } = {},
  ) {
    super(`comfy.${code}`, {}, { cause: options.cause, detail: options.reason });
    this.comfyCode = code;
    this.diagnostics = { ...options.diagnostics, ...(options.reason ? { reason: options.reason } : {}) };
  }
}

export function isComfyError(error: unknown, code?: ComfyErrorCode): error is ComfyError {
  return error instanceof ComfyError && (code === undefined || error.comfyCode === code);
}

/** Keeps a response body short enough to log. */
export function snippet(text: string, max = 500): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
