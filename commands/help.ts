import { ApplicationCommandType, ApplicationIntegrationType, InteractionContextType } from "discord.js";
import type { SlashCommand } from "../src/discord/command.js";
import { localizedDescription, localizedName } from "../src/i18n/command-text.js";
import { localeOf } from "../src/i18n/locale.js";
import { t } from "../src/i18n/translate.js";

export const helpCommand: SlashCommand = {
  kind: "slash",
  defer: "ephemeral",
  access: "browse",
  data: {
    ...localizedName("cmd.help.name"),
    ...localizedDescription("cmd.help.description"),
    type: ApplicationCommandType.ChatInput,
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
  },
  async execute(interaction, ctx) {
    const s = ctx.config.sampling;
    const locale = localeOf(interaction.locale);
    await interaction.editReply({
      embeds: [
        {
          title: t(locale, "help.title"),
          description: [
            t(locale, "help.intro"),
            t(locale, "help.lora"),
            t(locale, "help.strength"),
            t(locale, "help.duration", { default: s.defaultDurationSeconds, max: s.maxDurationSeconds }),
            t(locale, "help.aspect"),
            t(locale, "help.resolution"),
            t(locale, "help.advanced"),
            "",
            t(locale, "help.progress"),
            t(locale, "help.more"),
          ].join("\n"),
        },
      ],
    });
  },
};
