import { isComfyError } from "../comfy/errors.js";
import { type UserError, isUserError } from "../errors.js";
import type { Locale } from "../i18n/locale.js";
import { t } from "../i18n/translate.js";
import { errorText } from "../i18n/error-text.js";

/**
 * The sentence a user sees for a failure, in their language. Expected failures speak for themselves;
 * ComfyUI failures add the reference so the owner can find the server's details in the log; anything
 * else is only a reference, never the error's own text (it may hold paths, hosts or stack traces).
 */
export function userFacingError(error: unknown, correlationId: string, locale: Locale = "en"): string {
  if (isComfyError(error)) {
    return t(locale, "reply.withReference", { message: userErrorText(locale, error), id: correlationId });
  }
  if (isUserError(error)) return userErrorText(locale, error);
  return t(locale, "reply.internal", { id: correlationId });
}

function userErrorText(locale: Locale, error: UserError): string {
  return errorText(locale, { ...error.text, detail: error.detail });
}
