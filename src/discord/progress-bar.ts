import type { Locale } from "../i18n/locale.js";
import { t } from "../i18n/translate.js";

/** A text progress bar that reads well in an embed on desktop and mobile. */
export function progressBar(percent: number, width = 20): string {
  const clamped = Math.max(0, Math.min(100, percent));
  const filled = Math.round((clamped / 100) * width);
  return `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
}

export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s.toString().padStart(2, "0")}s`;
  return `${s}s`;
}

/** A remaining time in steps a person notices: quarter minutes under a minute, then whole minutes. */
export function formatEta(ms: number, locale: Locale = "en"): string {
  if (ms < 60_000) return t(locale, "eta.seconds", { seconds: Math.max(15, Math.ceil(ms / 15_000) * 15) });
  const minutes = Math.ceil(ms / 60_000);
  if (minutes < 60) return t(locale, "eta.minutes", { minutes });
  return t(locale, "eta.hours", { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
}
