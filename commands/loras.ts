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
import type { LoraCatalog } from "../src/loras/catalog.js";
import type { LoraCategory } from "../src/loras/categorize.js";
import { kindLabels } from "../src/loras/entry.js";

const pageSize = 15;
const categories = ["high_noise", "low_noise", "general"] as const satisfies readonly LoraCategory[];
const categoryNames: Record<LoraCategory, string> = {
  high_noise: "High-noise",
  low_noise: "Low-noise",
  general: "General",
};

/** One page of the catalog as an embed plus its paging buttons (custom ids carry category and page). */
export function lorasPage(catalog: LoraCatalog, category: LoraCategory, page: number) {
  const entries = catalog.byCategory(category);
  const pages = Math.max(1, Math.ceil(entries.length / pageSize));
  const current = Math.min(Math.max(0, page), pages - 1);
  const slice = entries.slice(current * pageSize, current * pageSize + pageSize);
  const embed: APIEmbed = {
    title: `${categoryNames[category]} LoRAs`,
    description:
      slice.length === 0
        ? "None on the video server."
        : slice
            .map((e) => `• **${e.name}** · ${kindLabels[e.kind]}`)
            .join("\n")
            .slice(0, 4000),
    footer: {
      text: `Page ${current + 1} of ${pages} · ${entries.length} in this category · ${catalog.entries().length} in all`,
    },
  };
  const button = (label: string, target: number, disabled: boolean): APIButtonComponent => ({
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    label,
    custom_id: `loras:${category}:${target}:${label}`,
    disabled,
  });
  const tabs: APIButtonComponent[] = categories.map((c) => ({
    type: ComponentType.Button,
    style: c === category ? ButtonStyle.Primary : ButtonStyle.Secondary,
    label: categoryNames[c],
    custom_id: `loras:${c}:0:tab`,
  }));
  const rows: APIActionRowComponent<APIButtonComponent>[] = [
    { type: ComponentType.ActionRow, components: tabs },
    {
      type: ComponentType.ActionRow,
      components: [
        button("◀ Previous", current - 1, current === 0),
        button("Next ▶", current + 1, current >= pages - 1),
      ],
    },
  ];
  return { embeds: [embed], components: rows };
}

export const lorasCommand: SlashCommand = {
  kind: "slash",
  defer: "ephemeral",
  data: {
    name: "loras",
    description: "Browse the LoRAs on the video server",
    type: ApplicationCommandType.ChatInput,
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: "category",
        description: "Which kind to list",
        choices: categories.map((c) => ({ name: categoryNames[c], value: c })),
      },
    ],
  },
  async execute(interaction, ctx) {
    const category = z
      .enum(categories)
      .catch("high_noise")
      .parse(interaction.options.getString("category") ?? "high_noise");
    await interaction.editReply(lorasPage(ctx.catalog, category, 0));
  },
};

const argsSchema = z.tuple([z.enum(categories), z.coerce.number().int().min(0)]).rest(z.string());

export const lorasPager: ComponentHandler = {
  prefix: "loras",
  defer: "update",
  async handleButton(interaction, args, ctx) {
    const [category, page] = argsSchema.parse(args);
    await interaction.editReply(lorasPage(ctx.catalog, category, page));
  },
};
