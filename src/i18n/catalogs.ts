import { commandsEn } from "./en/commands.js";
import { errorsEn } from "./en/errors.js";
import { jobsEn } from "./en/jobs.js";
import { videosEn } from "./en/videos.js";
import type { Locale } from "./locale.js";
import { commandsNl } from "./nl/commands.js";
import { errorsNl } from "./nl/errors.js";
import { jobsNl } from "./nl/jobs.js";
import { videosNl } from "./nl/videos.js";
import type { CatalogEntry } from "./plural.js";

/** The English catalog defines every key; each Dutch section must have exactly its keys. */
export const en = { ...jobsEn, ...commandsEn, ...errorsEn, ...videosEn } as const satisfies Record<
  string,
  CatalogEntry
>;
export type MessageKey = keyof typeof en;

export const nl = { ...jobsNl, ...commandsNl, ...errorsNl, ...videosNl } satisfies Record<
  MessageKey,
  CatalogEntry
>;

export const catalogs: Record<Locale, Record<MessageKey, CatalogEntry>> = { en, nl };

/** The keys an error may carry: a refusal (`error.…`) or a video server failure (`comfy.…`). */
export type ErrorKey = Extract<MessageKey, `error.${string}` | `comfy.${string}`>;

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}
