/**
 * A catalog entry: one template, or one per plural form of the number named by `plural` (chosen by
 * Intl.PluralRules for the reader's language; `other` is the fallback every language has).
 */
export type CatalogEntry = string | PluralEntry;
export interface PluralEntry {
  readonly plural: string;
  readonly zero?: string;
  readonly one?: string;
  readonly two?: string;
  readonly few?: string;
  readonly many?: string;
  readonly other: string;
}

/** Every template of an entry (its plural forms), for checks over the whole catalog. */
export function templatesOf(entry: CatalogEntry): string[] {
  if (typeof entry === "string") return [entry];
  return Object.entries(entry)
    .filter(([form]) => form !== "plural")
    .map(([, text]) => text as string);
}
