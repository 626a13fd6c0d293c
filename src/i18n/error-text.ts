import type { ErrorKey } from "./catalogs.js";
import type { Locale } from "./locale.js";
import { type Message, render } from "./translate.js";

/** A carried failure: a thrown UserError's `text` and `detail`, or a stored job's error. */
export type CarriedError = Message<ErrorKey> & { detail?: string | undefined };

/** The failure's sentence in `locale`; a server's own reason (`detail`) follows as it was written. */
export function errorText(locale: Locale, error: CarriedError): string {
  const sentence = render(locale, error);
  return error.detail ? `${sentence} ${error.detail}` : sentence;
}
