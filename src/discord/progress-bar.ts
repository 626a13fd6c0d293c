import type { Locale } from "../i18n/locale.js";
import { t } from "../i18n/translate.js";

/** A text progress bar that reads well in an embed on desktop and mobile. */
export function progressBar(percent: number, width = 20): string {
  const clamped = Math.max(0, Math.min(100, percent));
  const filled = Math.round((clamped / 100) * width);
  return `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
}

/** A remaining time in steps a person notices: quarter minutes under a minute, then whole minutes. */
export function formatEta(ms: number, locale: Locale = "en"): string {
  if (ms < 60_000) return t(locale, "eta.seconds", { seconds: Math.max(15, Math.ceil(ms / 15_000) * 15) });
  const minutes = Math.ceil(ms / 60_000);
  if (minutes < 60) return t(locale, "eta.minutes", { minutes });
  return t(locale, "eta.hours", { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
}
