import { type MessageKey, en } from "./catalogs.js";
import type { Locale } from "./locale.js";
import { paramsFrom, templatePattern } from "./template-match.js";
import { translateKey } from "./translate.js";

const patterns = new Map<MessageKey, RegExp>();

/** A sentence at the start of the text, optionally after a `field: ` tag that is kept as it is. */
function patternFor(key: MessageKey): RegExp {
  let pattern = patterns.get(key);
  if (!pattern) {
    pattern = new RegExp(`^(?:([\\w.]+): )?${templatePattern(en[key]).source}(?=\\s|$)`);
    patterns.set(key, pattern);
  }
  return pattern;
}

/**
 * Translates English text made of known sentences (the core joins one sentence per problem), or
 * gives undefined when any part is not one of `keys`: half a translation reads worse than none.
 */
export function translateSentences(
  locale: Locale,
  text: string,
  keys: readonly MessageKey[],
): string | undefined {
  const out: string[] = [];
  let rest = text.trim();
  while (rest.length > 0) {
    let found = false;
    for (const key of keys) {
      const match = patternFor(key).exec(rest);
      if (!match) continue;
      const [whole, tag, ...values] = match;
      const sentence = translateKey(locale, key, paramsFrom(templatePattern(en[key]).names, values));
      out.push(tag ? `${tag}: ${sentence}` : sentence);
      rest = rest.slice(whole.length).trimStart();
      found = true;
      break;
    }
    if (!found) return undefined;
  }
  return out.join(" ");
}
