import { type APIActionRowComponent, type APIButtonComponent, ButtonStyle, ComponentType } from "discord.js";
import { z } from "zod";
import type { Locale } from "../i18n/locale.js";
import { t } from "../i18n/translate.js";

/** Discord's message content limit (docs: resources/message#create-message, "up to 2000 characters"). */
export const contentLimit = 2000;

/**
 * Lines packed into pages that each fit `budget` characters (newlines counted) and at most `maxLines`
 * lines; a single line longer than the budget is cut. Always at least one (possibly empty) page.
 */
export function packPages(lines: readonly string[], budget: number, maxLines = 10): string[][] {
  const pages: string[][] = [[]];
  let used = 0;
  for (const raw of lines) {
    const line = raw.length > budget ? `${raw.slice(0, budget - 1)}…` : raw;
    const page = pages.at(-1)!;
    const cost = line.length + (page.length > 0 ? 1 : 0);
    if (page.length > 0 && (used + cost > budget || page.length >= maxLines)) {
      pages.push([line]);
      used = line.length;
    } else {
      page.push(line);
      used += cost;
    }
  }
  return pages;
}

/**
 * Previous/Next for a paged private answer. The custom id carries who asked, so only they can turn
 * the pages: `<prefix>:<ownerId>:<targetPage>:<prev|next>` (at most ~40 characters, unique per message).
 */
export function pagerRow(
  prefix: string,
  ownerId: string,
  page: number,
  pages: number,
  locale: Locale,
): APIActionRowComponent<APIButtonComponent> {
  const button = (target: number, which: "prev" | "next"): APIButtonComponent => ({
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    label: t(locale, which === "prev" ? "loras.previous" : "loras.next"),
    custom_id: `${prefix}:${ownerId}:${Math.max(0, target)}:${which}`,
    disabled: which === "prev" ? page <= 0 : page >= pages - 1,
  });
  return { type: ComponentType.ActionRow, components: [button(page - 1, "prev"), button(page + 1, "next")] };
}

const pagerArgs = z
  .tuple([z.string().regex(/^\d{1,20}$/), z.coerce.number().int().min(0).max(10_000)])
  .rest(z.string());

/** The owner and page of a pager button; a forged or malformed id throws (the router reports it). */
export function parsePagerArgs(args: readonly string[]): { ownerId: string; page: number } {
  const [ownerId, page] = pagerArgs.parse(args);
  return { ownerId, page };
}
