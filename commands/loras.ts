import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ButtonStyle,
  ComponentType,
  InteractionContextType,
} from "discord.js";
import { z } from "zod";
import type { ComponentHandler, SlashCommand } from "../src/discord/command.js";
import { localizedDescription, localizedName } from "../src/i18n/command-text.js";
import { type Locale, localeOf } from "../src/i18n/locale.js";
import { t } from "../src/i18n/translate.js";
import { type LoraCatalog, firstListWaitMs } from "../src/loras/catalog.js";
import type { LoraCategory } from "../src/loras/categorize.js";

const pageSize = 15;
const categories = ["high_noise", "low_noise", "general"] as const satisfies readonly LoraCategory[];
const categoryKey = (c: LoraCategory) => `lora.category.${c}` as const;

/** One page of the catalog as an embed plus its paging buttons (custom ids carry category and page). */
export function lorasPage(catalog: LoraCatalog, category: LoraCategory, page: number, locale: Locale = "en") {
  const entries = catalog.byCategory(category);
  const pages = Math.max(1, Math.ceil(entries.length / pageSize));
  const current = Math.min(Math.max(0, page), pages - 1);
  const slice = entries.slice(current * pageSize, current * pageSize + pageSize);
  const embed: APIEmbed = {
    title: t(locale, "loras.title", { category: t(locale, categoryKey(category)) }),
    description:
      slice.length === 0
        ? t(locale, "loras.none")
        : slice
            .map((e) => `• **${e.name}** · ${t(locale, `lora.kind.${e.kind}`)}`)
            .join("\n")
            .slice(0, 4000),
    footer: {
      text: t(locale, "loras.footer", {
        page: current + 1,
        pages,
        inCategory: entries.length,
        total: catalog.entries().length,
      }),
    },
  };
  // The custom id keeps the English label: it only has to differ between the two buttons.
  const button = (
    key: "loras.previous" | "loras.next",
    target: number,
    disabled: boolean,
  ): APIButtonComponent => ({
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    label: t(locale, key),
    custom_id: `loras:${category}:${target}:${t("en", key)}`,
    disabled,
  });
  const tabs: APIButtonComponent[] = categories.map((c) => ({
    type: ComponentType.Button,
    style: c === category ? ButtonStyle.Primary : ButtonStyle.Secondary,
    label: t(locale, categoryKey(c)),
    custom_id: `loras:${c}:0:tab`,
  }));
  const rows: APIActionRowComponent<APIButtonComponent>[] = [
    { type: ComponentType.ActionRow, components: tabs },
    {
      type: ComponentType.ActionRow,
      components: [
        button("loras.previous", current - 1, current === 0),
        button("loras.next", current + 1, current >= pages - 1),
      ],
    },
  ];
  return { embeds: [embed], components: rows };
}

export const lorasCommand: SlashCommand = {
  kind: "slash",
  defer: "ephemeral",
  access: "browse",
  data: {
    ...localizedName("cmd.loras.name"),
    ...localizedDescription("cmd.loras.description"),
    type: ApplicationCommandType.ChatInput,
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
    options: [
      {
        type: ApplicationCommandOptionType.String,
        ...localizedName("cmd.loras.category.name"),
        ...localizedDescription("cmd.loras.category.description"),
        choices: categories.map((c) => ({ ...localizedName(categoryKey(c)), value: c })),
      },
    ],
  },
  async execute(interaction, ctx) {
    const category = z
      .enum(categories)
      .catch("high_noise")
      .parse(interaction.options.getString("category") ?? "high_noise");
    await ctx.catalog.firstRefresh(firstListWaitMs.deferred);
    await interaction.editReply(lorasPage(ctx.catalog, category, 0, localeOf(interaction.locale)));
  },
};

const argsSchema = z.tuple([z.enum(categories), z.coerce.number().int().min(0)]).rest(z.string());

export const lorasPager: ComponentHandler = {
  prefix: "loras",
  defer: "update",
  access: "browse",
  async handleButton(interaction, args, ctx) {
    const [category, page] = argsSchema.parse(args);
    await interaction.editReply(lorasPage(ctx.catalog, category, page, localeOf(interaction.locale)));
  },
};
