/** The languages the bot speaks. English is the default and the source of every message key. */
export const locales = ["en", "nl"] as const;
export type Locale = (typeof locales)[number];

/** Discord's locale of a user (`nl`, `en-US`, `en-GB`, …) as one of ours: Dutch for `nl`, else English. */
export function localeOf(discordLocale: string | null | undefined): Locale {
  return discordLocale !== null && discordLocale !== undefined && /^nl(?:-|$)/i.test(discordLocale)
    ? "nl"
    : "en";
}
