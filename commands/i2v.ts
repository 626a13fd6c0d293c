import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import type { Config } from "../src/config.js";
import { firstListWaitMs } from "../src/loras/catalog.js";
import { UserError } from "../src/errors.js";
import { localizedDescription, localizedName, sameInEveryLanguage } from "../src/i18n/command-text.js";
import type { SlashCommand } from "../src/discord/command.js";
import { downloadAttachment } from "../src/discord/attachment-intake.js";
import { assertCanDeliver } from "../src/discord/app-permissions.js";
import { createI2VJob } from "../src/discord/i2v-job.js";
import { aspectChoices, readI2VOptions } from "../src/discord/i2v-options.js";
import { I2V_LIMITS } from "../src/workflow/params.js";
import { RESOLUTION_TIERS } from "../src/workflow/resolution.js";

export function i2vData(config: Config): RESTPostAPIChatInputApplicationCommandsJSONBody {
  return {
    ...localizedName("cmd.i2v.name"),
    ...localizedDescription("cmd.i2v.description"),
    type: ApplicationCommandType.ChatInput,
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
    options: [
      {
        type: ApplicationCommandOptionType.Attachment,
        ...localizedName("cmd.i2v.image.name"),
        ...localizedDescription("cmd.i2v.image.description"),
        required: true,
      },
      {
        type: ApplicationCommandOptionType.String,
        ...localizedName("cmd.i2v.prompt.name"),
        ...localizedDescription("cmd.i2v.prompt.description"),
        required: true,
        max_length: I2V_LIMITS.promptMaxChars,
      },
      {
        type: ApplicationCommandOptionType.String,
        ...localizedName("cmd.i2v.lora.name"),
        ...localizedDescription("cmd.i2v.lora.description"),
        autocomplete: true,
      },
      {
        type: ApplicationCommandOptionType.Number,
        ...localizedName("cmd.i2v.lora_strength.name"),
        ...localizedDescription("cmd.i2v.lora_strength.description"),
        min_value: 0,
        max_value: 2,
      },
      {
        type: ApplicationCommandOptionType.Number,
        ...localizedName("cmd.i2v.duration.name"),
        ...localizedDescription("cmd.i2v.duration.description", {
          default: config.sampling.defaultDurationSeconds,
          max: config.sampling.maxDurationSeconds,
        }),
        min_value: 1,
        max_value: config.sampling.maxDurationSeconds,
      },
      {
        type: ApplicationCommandOptionType.String,
        ...localizedName("cmd.i2v.aspect.name"),
        ...localizedDescription("cmd.i2v.aspect.description"),
        choices: aspectChoices.map((a) => ({
          ...(a === "auto" ? localizedName("cmd.i2v.aspect.auto") : sameInEveryLanguage(a)),
          value: a,
        })),
      },
      {
        type: ApplicationCommandOptionType.String,
        ...localizedName("cmd.i2v.resolution.name"),
        ...localizedDescription("cmd.i2v.resolution.description"),
        choices: RESOLUTION_TIERS.map((r) => ({ ...sameInEveryLanguage(r), value: r })),
      },
      {
        type: ApplicationCommandOptionType.String,
        ...localizedName("cmd.i2v.negative.name"),
        ...localizedDescription("cmd.i2v.negative.description"),
        max_length: I2V_LIMITS.promptMaxChars,
      },
      {
        type: ApplicationCommandOptionType.Integer,
        ...localizedName("cmd.i2v.steps.name"),
        ...localizedDescription("cmd.i2v.steps.description"),
        min_value: 2,
        max_value: I2V_LIMITS.stepsMax,
      },
      {
        type: ApplicationCommandOptionType.Number,
        ...localizedName("cmd.i2v.cfg.name"),
        ...localizedDescription("cmd.i2v.cfg.description"),
        min_value: 0,
        max_value: I2V_LIMITS.cfgMax,
      },
      {
        type: ApplicationCommandOptionType.Integer,
        ...localizedName("cmd.i2v.seed.name"),
        ...localizedDescription("cmd.i2v.seed.description"),
        min_value: 0,
        max_value: I2V_LIMITS.seedMax,
      },
    ],
  };
}

const forcedRefreshEveryMs = 30_000;
const lastForcedRefresh = new WeakMap<object, number>();

export function i2vCommand(config: Config): SlashCommand {
  return {
    kind: "slash",
    data: i2vData(config),
    defer: "public",
    access: "generate",

    async autocomplete(interaction, ctx) {
      const focused = interaction.options.getFocused(true);
      if (focused.name !== "lora") return interaction.respond([]);
      await ctx.catalog.firstRefresh(firstListWaitMs.autocomplete);
      await interaction.respond(ctx.catalog.search(String(focused.value)));
    },

    async execute(interaction, ctx) {
      assertCanDeliver(interaction);
      const options = readI2VOptions(interaction);
      if (options.lora) await ctx.catalog.firstRefresh(firstListWaitMs.deferred);
      let loraEntry = options.lora ? ctx.catalog.resolve(options.lora) : undefined;
      if (
        options.lora &&
        !loraEntry &&
        ctx.now() - (lastForcedRefresh.get(ctx.catalog) ?? 0) > forcedRefreshEveryMs
      ) {
        // A LoRA copied onto the server since the last refresh: look once more before refusing
        // (at most twice a minute, so typed nonsense cannot make the bot hammer ComfyUI).
        lastForcedRefresh.set(ctx.catalog, ctx.now());
        await ctx.catalog.refresh().catch(() => undefined);
        loraEntry = ctx.catalog.resolve(options.lora);
      }
      if (options.lora && !loraEntry) {
        throw new UserError("error.LORA_UNKNOWN", {});
      }
      const strength = options.lora_strength ?? 1;
      const lora = loraEntry
        ? { label: loraEntry.name, high: loraEntry.high, low: loraEntry.low, strength }
        : undefined;

      const attachment = interaction.options.getAttachment("image", true);
      const bytes = await downloadAttachment(attachment, ctx.config);
      await createI2VJob(ctx, interaction, {
        bytes,
        prompt: options.prompt,
        negative: options.negative ?? undefined,
        lora,
        durationSeconds: options.duration ?? undefined,
        aspect: options.aspect ?? undefined,
        resolution: options.resolution ?? undefined,
        steps: options.steps ?? undefined,
        cfg: options.cfg ?? undefined,
        seed: options.seed ?? undefined,
      });
    },
  };
}
