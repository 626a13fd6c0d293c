import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  type ButtonInteraction,
  MessageFlags,
} from "discord.js";
import { localeOf } from "../i18n/locale.js";
import { t } from "../i18n/translate.js";
import type { ComponentHandler, HandlerContext } from "./command.js";
import type { AccessKind } from "../access/policy.js";
import { parsePagerArgs } from "./pages.js";

export interface PagedBody {
  content: string;
  embeds?: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
}

/**
 * The button handler of a paged private answer: the caller turns the page in place; anyone else
 * (who can only hold a forged id, since the answer is private) gets a private refusal.
 */
export function pagedButtons(
  prefix: string,
  access: AccessKind,
  render: (interaction: ButtonInteraction, ctx: HandlerContext, page: number) => Promise<PagedBody>,
): ComponentHandler {
  return {
    prefix,
    defer: "none",
    access,
    async handleButton(interaction, args, ctx) {
      const { ownerId, page } = parsePagerArgs(args);
      if (interaction.user.id !== ownerId) {
        await interaction.reply({
          content: t(localeOf(interaction.locale), "pager.notYours"),
          flags: MessageFlags.Ephemeral,
        });
        return;
      }
      await interaction.deferUpdate();
      await interaction.editReply({
        ...(await render(interaction, ctx, page)),
        allowedMentions: { parse: [] },
      });
    },
  };
}
