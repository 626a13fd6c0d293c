import { UserError } from "../errors.js";

/** Every way a ComfyUI job can fail, each with the one sentence a user sees. */
export const comfyErrorMessages = {
  UNREACHABLE: "The video server cannot be reached right now. Please try again in a few minutes.",
  BAD_RESPONSE: "The video server gave an answer the bot does not understand.",
  ENQUEUE_FAILED: "The video server refused the job.",
  VALIDATION_FAILED: "The video server rejected the workflow.",
  MISSING_CAPABILITY: "The video server is missing something this workflow needs.",
  UPLOAD_FAILED: "The image could not be sent to the video server.",
  EXECUTION_ERROR: "The video server failed while making the video.",
  OUT_OF_MEMORY: "The video server ran out of GPU memory. Try a shorter video or a lower resolution.",
  INTERRUPTED: "The job was stopped on the video server.",
  DISCONNECTED: "The connection to the video server was lost.",
  LOST: "The video server lost the job (it probably restarted).",
  TIMEOUT: "The video server took too long to answer.",
  OUTPUT_MISSING: "The video server finished but produced no video.",
} as const satisfies Record<string, string>;

export type ComfyErrorCode = keyof typeof comfyErrorMessages;

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
 * A failure at the ComfyUI boundary. `message` is the user sentence (plus `reason` when the reason is
 * safe to show); `diagnostics` is for the log only.
 */
export class ComfyError extends UserError {
  readonly comfyCode: ComfyErrorCode;
  readonly diagnostics: ComfyDiagnostics;

  constructor(
    code: ComfyErrorCode,
    options: { cause?: unknown; diagnostics?: ComfyDiagnostics; reason?: string } = {},
  ) {
    const base = comfyErrorMessages[code];
    super(code, options.reason ? `${base} ${options.reason}` : base, { cause: options.cause });
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
