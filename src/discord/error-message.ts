import { isComfyError } from "../comfy/errors.js";
import { isUserError } from "../errors.js";

/**
 * The sentence a user sees for a failure. Expected failures speak for themselves; ComfyUI failures
 * add the reference so the owner can find the server's details in the log; anything else is only a
 * reference, never the error's own text (it may hold paths, hosts or stack traces).
 */
export function userFacingError(error: unknown, correlationId: string): string {
  if (isComfyError(error)) return `${error.message} (reference \`${correlationId}\`)`;
  if (isUserError(error)) return error.message;
  return `Something went wrong on our side. The details are in the bot's log under reference \`${correlationId}\`.`;
}
