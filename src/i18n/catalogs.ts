import { commandsEn } from "./en/commands.js";
import { errorsEn } from "./en/errors.js";
import { jobsEn } from "./en/jobs.js";
import { videosEn } from "./en/videos.js";
import type { Locale } from "./locale.js";
import { commandsNl } from "./nl/commands.js";
import { errorsNl } from "./nl/errors.js";
import { jobsNl } from "./nl/jobs.js";
import { videosNl } from "./nl/videos.js";

/** The English catalog defines every key; each Dutch section must have exactly its keys. */
export const en = { ...jobsEn, ...commandsEn, ...errorsEn, ...videosEn } as const;
export type MessageKey = keyof typeof en;

export const nl = { ...jobsNl, ...commandsNl, ...errorsNl, ...videosNl } satisfies Record<MessageKey, string>;

export const catalogs: Record<Locale, Record<MessageKey, string>> = { en, nl };

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}
