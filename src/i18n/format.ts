import { formatNumber } from "./intl.js";
import type { Locale } from "./locale.js";

const kib = 1024;
const mib = 1024 * 1024;

/** A file size as the locale writes it ("12.5 MiB", in Dutch "12,5 MiB"). */
export function sizeText(locale: Locale, bytes: number): string {
  if (bytes >= mib) return `${formatNumber(locale, bytes / mib, 1)} MiB`;
  if (bytes >= kib) return `${formatNumber(locale, Math.round(bytes / kib))} KiB`;
  return `${formatNumber(locale, bytes)} B`;
}
