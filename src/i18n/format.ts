import { formatBytes } from "../media/delivery.js";
import type { Locale } from "./locale.js";

/** A file size as the locale writes it ("12.5 MiB", in Dutch "12,5 MiB"). */
export function sizeText(locale: Locale, bytes: number): string {
  const text = formatBytes(bytes);
  return locale === "nl" ? text.replace(".", ",") : text;
}
