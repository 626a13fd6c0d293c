import type { Locale } from "./locale.js";

/** The Intl locale behind each of ours: British English joins "a, b or c" without a serial comma. */
const intlLocale: Record<Locale, string> = { en: "en-GB", nl: "nl-NL" };

function cached<T>(make: (locale: Locale, variant: string) => T) {
  const made = new Map<string, T>();
  return (locale: Locale, variant = "") => {
    const id = `${locale}:${variant}`;
    let value = made.get(id);
    if (value === undefined) {
      value = make(locale, variant);
      made.set(id, value);
    }
    return value;
  };
}

// No digit grouping: seeds, ids and Discord time stamps must stay one unbroken number.
const numbers = cached(
  (locale, digits) =>
    new Intl.NumberFormat(intlLocale[locale], {
      useGrouping: false,
      ...(digits === ""
        ? { maximumFractionDigits: 20 }
        : { minimumFractionDigits: Number(digits), maximumFractionDigits: Number(digits) }),
    }),
);
const lists = cached(
  (locale, type) => new Intl.ListFormat(intlLocale[locale], { type: type as Intl.ListFormatType }),
);
const plurals = cached((locale) => new Intl.PluralRules(intlLocale[locale]));

/** A number as the locale writes it (Dutch "2,5"); `fractionDigits` fixes the digits after the mark. */
export function formatNumber(locale: Locale, value: number, fractionDigits?: number): string {
  return numbers(locale, fractionDigits === undefined ? "" : String(fractionDigits)).format(value);
}

export function formatList(locale: Locale, items: readonly string[], type: Intl.ListFormatType): string {
  return lists(locale, type).format(items);
}

export function pluralCategory(locale: Locale, count: number): Intl.LDMLPluralRule {
  return plurals(locale).select(count);
}
