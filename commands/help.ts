import { ApplicationCommandType, ApplicationIntegrationType, InteractionContextType } from "discord.js";
import type { SlashCommand } from "../src/discord/command.js";

export const helpCommand: SlashCommand = {
  kind: "slash",
  defer: "ephemeral",
  data: {
    name: "help",
    description: "How to make videos with Oelala",
    type: ApplicationCommandType.ChatInput,
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
  },
  async execute(interaction, ctx) {
    const s = ctx.config.sampling;
    await interaction.editReply({
      embeds: [
        {
          title: "Oelala: image to video",
          description: [
            "**/i2v** `image` `prompt` animates a picture with Wan 2.2. Options:",
            "• `lora`: a style or motion LoRA; start typing to search all of them (pairs load both experts)",
            "• `lora_strength`: 0–2, default 1",
            `• \`duration\`: seconds, default ${s.defaultDurationSeconds}, at most ${s.maxDurationSeconds}`,
            "• `aspect`: auto (from your image), 16:9, 9:16, 1:1, 4:3, 3:4, 3:2, 2:3, 21:9, 9:21",
            "• `resolution`: 480p, 576p or 720p",
            "• advanced: `negative`, `steps`, `cfg`, `seed`",
            "",
            "Your message shows progress and a **Cancel** button; the video is posted in the channel when it is done, even for long jobs.",
            "**/loras** browses the LoRA catalog. **/cancel** stops your latest job.",
          ].join("\n"),
        },
      ],
    });
  },
};
