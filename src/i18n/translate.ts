import { type MessageKey, catalogs, type en } from "./catalogs.js";
import { formatList, formatNumber, pluralCategory } from "./intl.js";
import type { Locale } from "./locale.js";
import type { CatalogEntry } from "./plural.js";

export { formatNumber } from "./intl.js";

/** The `{name}` placeholders of a template, as a union of names. */
type Placeholders<S extends string> = S extends `${string}{${infer Name}}${infer Rest}`
  ? Name | Placeholders<Rest>
  : never;

type Entry<K extends MessageKey> = (typeof en)[K];
type Templates<E> = E extends string
  ? E
  : E extends { plural: string }
    ? E[Exclude<keyof E, "plural">]
    : never;
type PluralName<E> = E extends { plural: infer P extends string } ? P : never;
type Names<K extends MessageKey> = Placeholders<Templates<Entry<K>> & string> | PluralName<Entry<K>>;

/** A message by key with its values: what an error or a notice carries until a locale renders it. */
export type Message<K extends MessageKey = MessageKey> = K extends MessageKey
  ? { key: K; params: MessageParams<K> }
  : never;

/**
 * A value for a placeholder: text as it is, a number written the locale's way, a list joined the
 * locale's way ("a, b or c" / "a, b of c"), or messages rendered in the same locale and joined.
 */
export type ParamValue =
  | string
  | number
  | { readonly or: readonly string[] }
  | { readonly and: readonly string[] }
  | { readonly messages: readonly Message[]; readonly join: string };

/** The values of message `K`, by the catalog: the count that picks a plural form is a number. */
export type MessageParams<K extends MessageKey> = K extends MessageKey
  ? { readonly [N in Names<K>]: N extends PluralName<Entry<K>> ? number : ParamValue }
  : never;
export type ParamsArg<K extends MessageKey> = [Names<K>] extends [never] ? [] : [params: MessageParams<K>];

function valueText(locale: Locale, value: ParamValue): string {
  if (typeof value === "string") return value;
  if (typeof value === "number") return formatNumber(locale, value);
  if ("or" in value) return formatList(locale, value.or, "disjunction");
  if ("and" in value) return formatList(locale, value.and, "conjunction");
  return value.messages.map((m) => render(locale, m)).join(value.join);
}

/** Fills `{name}` placeholders; a placeholder without a value stays as it is. */
function interpolate(locale: Locale, template: string, params: Readonly<Record<string, ParamValue>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : valueText(locale, value);
  });
}

function templateOf(
  locale: Locale,
  entry: CatalogEntry,
  params: Readonly<Record<string, ParamValue>>,
): string {
  if (typeof entry === "string") return entry;
  const count = params[entry.plural];
  const form = typeof count === "number" ? pluralCategory(locale, count) : "other";
  return entry[form] ?? entry.other;
}

/** The message `key` in `locale`, with its placeholders filled (TypeScript knows which ones it needs). */
export function t<K extends MessageKey>(locale: Locale, key: K, ...params: ParamsArg<K>): string {
  const values = (params[0] ?? {}) as Readonly<Record<string, ParamValue>>;
  return interpolate(locale, templateOf(locale, catalogs[locale][key], values), values);
}

/** A carried message (an error's key and values, a notice) in `locale`. */
export function render(locale: Locale, message: Message): string {
  const values = message.params as Readonly<Record<string, ParamValue>>;
  return interpolate(locale, templateOf(locale, catalogs[locale][message.key], values), values);
}
