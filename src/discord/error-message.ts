import { isComfyError } from "../comfy/errors.js";
import { isUserError } from "../errors.js";
import type { Locale } from "../i18n/locale.js";
import { t } from "../i18n/translate.js";
import { localizeError } from "../i18n/user-errors.js";

/**
 * The sentence a user sees for a failure, in their language. Expected failures speak for themselves;
 * ComfyUI failures add the reference so the owner can find the server's details in the log; anything
 * else is only a reference, never the error's own text (it may hold paths, hosts or stack traces).
 */
export function userFacingError(error: unknown, correlationId: string, locale: Locale = "en"): string {
  if (isComfyError(error)) {
    return t(locale, "reply.withReference", { message: localizeError(locale, error), id: correlationId });
  }
  if (isUserError(error)) return localizeError(locale, error);
  return t(locale, "reply.internal", { id: correlationId });
}
