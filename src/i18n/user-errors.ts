import { type MessageKey, catalogs, en, isMessageKey } from "./catalogs.js";
import type { Locale } from "./locale.js";
import { translateSentences } from "./sentences.js";
import { matchTemplate } from "./template-match.js";
import { type ParamValue, translateKey } from "./translate.js";

/** What a refusal or a stored job failure carries: a stable code and the core's English sentence. */
export interface CodedMessage {
  code: string;
  message: string;
}

/** Codes whose message is several sentences, one per problem with the options. */
const sentenceCodes = new Set(["INVALID_PARAMS", "INVALID_OPTIONS"]);
const keys = Object.keys(en) as MessageKey[];
const paramKeys = keys.filter((k) => k.startsWith("param."));
const noticeKeys: readonly MessageKey[] = ["notice.requeued"];

/** `error.CODE`, or its variants `error.CODE.one`, `error.CODE.many`, … (a sentence per grammatical form). */
function errorKeys(code: string): MessageKey[] {
  return keys.filter((k) => k === `error.${code}` || k.startsWith(`error.${code}.`));
}

/** "<#1>, <#2> or <#3>": a list of mentions joined the English way, rejoined the way `locale` joins. */
const mentionList = /^<[#@&]+\d+>(?:, <[#@&]+\d+>)* or <[#@&]+\d+>$/;
function localizeValue(locale: Locale, value: ParamValue): ParamValue {
  if (typeof value !== "string" || !mentionList.test(value)) return value;
  return locale === "nl" ? value.replace(/ or (?=<[^>]+>$)/, " of ") : value;
}

function fromTemplates(locale: Locale, candidates: readonly MessageKey[], message: string) {
  for (const key of candidates) {
    const params = matchTemplate(en[key], message);
    if (!params) continue;
    const localized = Object.fromEntries(
      Object.entries(params).map(([name, value]) => [name, localizeValue(locale, value)]),
    );
    return translateKey(locale, key, localized);
  }
  return undefined;
}

function translated(locale: Locale, { code, message }: CodedMessage): string | undefined {
  const comfyKey = `comfy.${code}`;
  if (isMessageKey(comfyKey)) {
    // A ComfyError may append the server's own reason, which is not ours to translate.
    const base = en[comfyKey];
    if (message !== base && !message.startsWith(`${base} `)) return undefined;
    return `${catalogs[locale][comfyKey]}${message.slice(base.length)}`;
  }
  if (sentenceCodes.has(code)) return translateSentences(locale, message, paramKeys);
  return fromTemplates(locale, errorKeys(code), message);
}

/**
 * A user error's sentence in `locale`, chosen by its code and filled with the values of the English
 * sentence. Unknown codes, and sentences the core has since reworded, stay in English.
 */
export function localizeError(locale: Locale, error: CodedMessage): string {
  if (locale === "en") return error.message;
  return translated(locale, error) ?? error.message;
}

/** A notice the job service wrote in English (e.g. a retry after a server restart), in `locale`. */
export function localizeNotice(locale: Locale, text: string): string {
  if (locale === "en") return text;
  return translateSentences(locale, text, noticeKeys) ?? text;
}
