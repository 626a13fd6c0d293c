import type { MessageKey } from "./catalogs.js";
import { type ParamsArg, t } from "./translate.js";

/** Discord's command fields for one message: the English text plus its Dutch localization. */
export function localizedName<K extends MessageKey>(key: K, ...params: ParamsArg<K>) {
  return { name: t("en", key, ...params), name_localizations: { nl: t("nl", key, ...params) } };
}

export function localizedDescription<K extends MessageKey>(key: K, ...params: ParamsArg<K>) {
  return {
    description: t("en", key, ...params),
    description_localizations: { nl: t("nl", key, ...params) },
  };
}

/** A choice whose label is the same in every language (a ratio, a resolution). */
export function sameInEveryLanguage(name: string) {
  return { name, name_localizations: { nl: name } };
}
