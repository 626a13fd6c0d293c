import { ApplicationCommandType, ApplicationIntegrationType, InteractionContextType } from "discord.js";
import type { ComponentHandler, MessageCommand } from "../src/discord/command.js";
import { downloadPickedImage, imagesOfMessage, pickImage } from "../src/discord/animate-image.js";
import {
  animateModal,
  animatePrefix,
  parseAnimateTarget,
  readAnimateFields,
} from "../src/discord/animate-modal.js";
import { fetchTargetImages } from "../src/discord/animate-target.js";
import { assertCanDeliver } from "../src/discord/app-permissions.js";
import { createI2VJob } from "../src/discord/i2v-job.js";
import { continueModal } from "../src/discord/continue-modal.js";
import { jobIdOfResultMessage } from "../src/discord/result-message.js";
import { continuableJob } from "./continue.js";
import { UserError } from "../src/errors.js";
import { localizedName } from "../src/i18n/command-text.js";
import { localeOf } from "../src/i18n/locale.js";
import { t } from "../src/i18n/translate.js";

export const animateCommandName = t("en", "cmd.animate.name");

const noImage = () => new UserError("error.ANIMATE_NO_IMAGE", {});

/** Right-click a message → Apps → "Animate with Oelala": asks for a prompt, then runs the /i2v job. */
export const animateCommand: MessageCommand = {
  kind: "message",
  access: "generate",
  data: {
    ...localizedName("cmd.animate.name"),
    type: ApplicationCommandType.Message,
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
  },

  async execute(interaction, ctx) {
    assertCanDeliver(interaction);
    const target = interaction.targetMessage;
    // One of our own videos: continue it from its last frame, as its Continue button does.
    const jobId = jobIdOfResultMessage(target, ctx.client.user?.id);
    if (jobId) {
      const earlier = await continuableJob(ctx, jobId);
      await interaction.showModal(
        continueModal(earlier, "any", ctx.config.sampling, localeOf(interaction.locale)),
      );
      return;
    }
    const image = pickImage(imagesOfMessage(target), ctx.config.discord.attachmentHosts);
    if (!image) throw noImage();
    await ctx.animatePicks.remember(interaction.user.id, target.id, image);
    await interaction.showModal(
      animateModal(
        { channelId: target.channelId, messageId: target.id },
        ctx.config.sampling,
        localeOf(interaction.locale),
      ),
    );
  },
};

/** The modal's answer: checked before anything is shown, then the same job as /i2v, shown publicly. */
export const animateModalHandler: ComponentHandler = {
  prefix: animatePrefix,
  defer: "none",
  access: "generate",

  async handleModal(interaction, args, ctx) {
    const target = parseAnimateTarget(args);
    // The modal only ever opens where the command was used; another channel means a forged id.
    if (target.channelId !== interaction.channelId) throw new Error("animate modal answered elsewhere");
    assertCanDeliver(interaction);
    // Checked before deferring, so a typo is answered privately without a visible "thinking…" first.
    const fields = readAnimateFields(interaction, ctx.config.sampling);
    await interaction.deferReply();
    ctx.publicReply = true;

    const image =
      (await ctx.animatePicks.take(interaction.user.id, target.messageId)) ??
      pickImage(await fetchTargetImages(ctx.client.rest, target), ctx.config.discord.attachmentHosts);
    if (!image) throw noImage();
    const bytes = await downloadPickedImage(image, ctx.config);
    await createI2VJob(ctx, interaction, {
      bytes,
      prompt: fields.prompt,
      durationSeconds: fields.durationSeconds,
    });
  },
};
