import { type MessageKey, catalogs, type en } from "./catalogs.js";
import type { Locale } from "./locale.js";

/** The `{name}` placeholders of an English template, as a union of names. */
type Placeholders<S extends string> = S extends `${string}{${infer Name}}${infer Rest}`
  ? Name | Placeholders<Rest>
  : never;

export type ParamValue = string | number;
export type MessageParams<K extends MessageKey> = Record<Placeholders<(typeof en)[K]>, ParamValue>;
export type ParamsArg<K extends MessageKey> = [Placeholders<(typeof en)[K]>] extends [never]
  ? []
  : [params: MessageParams<K>];

/** A number as the locale writes it: Dutch uses a decimal comma. */
export function formatNumber(locale: Locale, value: number): string {
  const text = String(value);
  return locale === "nl" ? text.replace(".", ",") : text;
}

/** Fills `{name}` placeholders; a placeholder without a value stays as it is. */
export function interpolate(
  locale: Locale,
  template: string,
  params: Record<string, ParamValue> = {},
): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === "number" ? formatNumber(locale, value) : value;
  });
}

/** The message `key` in `locale`, with its placeholders filled (TypeScript knows which ones it needs). */
export function t<K extends MessageKey>(locale: Locale, key: K, ...params: ParamsArg<K>): string {
  return interpolate(locale, catalogs[locale][key], params[0]);
}

/** Like `t` for a key and values found at run time (parsed from an English sentence). */
export function translateKey(locale: Locale, key: MessageKey, params: Record<string, ParamValue>): string {
  return interpolate(locale, catalogs[locale][key], params);
}
