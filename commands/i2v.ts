import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import type { Config } from "../src/config.js";
import { UserError } from "../src/errors.js";
import type { SlashCommand } from "../src/discord/command.js";
import { downloadAttachment } from "../src/discord/attachment-intake.js";
import { createI2VJob } from "../src/discord/i2v-job.js";
import { aspectChoices, readI2VOptions } from "../src/discord/i2v-options.js";
import { I2V_LIMITS } from "../src/workflow/params.js";
import { RESOLUTION_TIERS } from "../src/workflow/resolution.js";

export function i2vData(config: Config): RESTPostAPIChatInputApplicationCommandsJSONBody {
  return {
    name: "i2v",
    description: "Animate an image into a short video (Wan 2.2)",
    type: ApplicationCommandType.ChatInput,
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
    options: [
      {
        type: ApplicationCommandOptionType.Attachment,
        name: "image",
        description: "The picture to animate",
        required: true,
      },
      {
        type: ApplicationCommandOptionType.String,
        name: "prompt",
        description: "What should happen in the video",
        required: true,
        max_length: I2V_LIMITS.promptMaxChars,
      },
      {
        type: ApplicationCommandOptionType.String,
        name: "lora",
        description: "A LoRA (style or motion); start typing to search",
        autocomplete: true,
      },
      {
        type: ApplicationCommandOptionType.Number,
        name: "lora_strength",
        description: "LoRA strength, 0–2 (default 1)",
        min_value: 0,
        max_value: 2,
      },
      {
        type: ApplicationCommandOptionType.Number,
        name: "duration",
        description: `Length in seconds (default ${config.sampling.defaultDurationSeconds}, at most ${config.sampling.maxDurationSeconds})`,
        min_value: 1,
        max_value: config.sampling.maxDurationSeconds,
      },
      {
        type: ApplicationCommandOptionType.String,
        name: "aspect",
        description: "Aspect ratio (default: from the image)",
        choices: aspectChoices.map((a) => ({ name: a === "auto" ? "auto (from the image)" : a, value: a })),
      },
      {
        type: ApplicationCommandOptionType.String,
        name: "resolution",
        description: "Resolution tier (default 480p)",
        choices: RESOLUTION_TIERS.map((r) => ({ name: r, value: r })),
      },
      {
        type: ApplicationCommandOptionType.String,
        name: "negative",
        description: "What to avoid",
        max_length: I2V_LIMITS.promptMaxChars,
      },
      {
        type: ApplicationCommandOptionType.Integer,
        name: "steps",
        description: "Sampling steps (advanced)",
        min_value: 2,
        max_value: I2V_LIMITS.stepsMax,
      },
      {
        type: ApplicationCommandOptionType.Number,
        name: "cfg",
        description: "CFG scale (advanced)",
        min_value: 0,
        max_value: I2V_LIMITS.cfgMax,
      },
      {
        type: ApplicationCommandOptionType.Integer,
        name: "seed",
        description: "Seed, for repeatable results (advanced)",
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
      await interaction.respond(ctx.catalog.search(String(focused.value)));
    },

    async execute(interaction, ctx) {
      const options = readI2VOptions(interaction);
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
        throw new UserError(
          "LORA_UNKNOWN",
          "That LoRA is not on the video server. Pick one from the list as you type, or see /loras.",
        );
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
