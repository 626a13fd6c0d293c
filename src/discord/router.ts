import {
  type AutocompleteInteraction,
  type Interaction,
  MessageFlags,
  type RepliableInteraction,
} from "discord.js";
import { newCorrelationId } from "../correlation.js";
import { isUserError } from "../errors.js";
import { localeOf } from "../i18n/locale.js";
import { callerOf } from "./access-caller.js";
import { checkAccess } from "../access/policy.js";
import { createAccessGate } from "./access-gate.js";
import {
  type Acknowledgement,
  acknowledge,
  acknowledgementFor,
  yieldToPendingAcknowledgements,
} from "./acknowledge.js";
import type { Command, ComponentHandler, HandlerContext } from "./command.js";
import type { BotContext } from "./context.js";
import { userFacingError } from "./error-message.js";
import { tellAfterDefer } from "./error-reply.js";

const noFailure = () => undefined;
const asFailure = (error: unknown) => ({ error });

export interface Router {
  handle(interaction: Interaction): Promise<void>;
}

/** One entry point for every interaction: acknowledge first, run the handler, and one catch for all. */
export function createRouter(
  commands: readonly Command[],
  components: readonly ComponentHandler[],
  bot: BotContext,
): Router {
  const byName = new Map(commands.map((c) => [c.data.name, c]));
  const byPrefix = new Map(components.map((c) => [c.prefix, c]));
  const gate = createAccessGate(commands, components, bot);

  function contextFor(interaction: Interaction): HandlerContext {
    const correlationId = newCorrelationId();
    const log = bot.logger.child({
      correlationId,
      interactionId: interaction.id,
      userId: interaction.user.id,
      guildId: interaction.guildId,
    });
    return { ...bot, access: gate.access, caller: callerOf(interaction), log, correlationId };
  }

  async function autocomplete(interaction: AutocompleteInteraction, ctx: HandlerContext) {
    const command = byName.get(interaction.commandName);
    // Where browsing is not allowed, suggestions would leak the catalog; the command itself refuses.
    if (!checkAccess(gate.access.policy, ctx.caller, "browse").allowed) {
      await interaction.respond([]).catch(() => undefined);
      return;
    }
    try {
      if (command?.kind === "slash" && command.autocomplete) await command.autocomplete(interaction, ctx);
      else await interaction.respond([]);
    } catch (error) {
      ctx.log.warn({ err: error }, "autocomplete failed");
      if (!interaction.responded) await interaction.respond([]).catch(() => undefined);
    }
  }

  async function run(
    interaction: RepliableInteraction,
    how: Acknowledgement,
    ctx: HandlerContext,
  ): Promise<void> {
    if (interaction.isChatInputCommand()) {
      const command = byName.get(interaction.commandName);
      if (command?.kind !== "slash") throw new Error(`no handler for /${interaction.commandName}`);
      ctx.log.info({ command: interaction.commandName }, "command");
      await command.execute(interaction, ctx);
      return;
    }
    if (interaction.isMessageContextMenuCommand()) {
      const command = byName.get(interaction.commandName);
      if (command?.kind !== "message") throw new Error(`no handler for ${interaction.commandName}`);
      ctx.log.info({ command: interaction.commandName }, "context menu");
      await command.execute(interaction, ctx);
      return;
    }
    if (interaction.isButton() || interaction.isModalSubmit()) {
      const [prefix = "", ...args] = interaction.customId.split(":");
      const handler = byPrefix.get(prefix);
      if (!handler) throw new Error(`no handler for component ${prefix}`);
      ctx.log.info({ component: prefix, acknowledged: how }, "component");
      if (interaction.isButton() && handler.handleButton) await handler.handleButton(interaction, args, ctx);
      else if (interaction.isModalSubmit() && handler.handleModal)
        await handler.handleModal(interaction, args, ctx);
      return;
    }
  }

  async function report(interaction: RepliableInteraction, error: unknown, ctx: HandlerContext) {
    if (isUserError(error)) ctx.log.info({ code: error.code, err: error }, "refused");
    else ctx.log.error({ err: error }, "interaction failed");
    const content = userFacingError(error, ctx.correlationId, localeOf(interaction.locale));
    const body = { content, allowedMentions: { parse: [] }, flags: MessageFlags.Ephemeral } as const;
    try {
      if (!interaction.deferred && !interaction.replied) {
        await interaction.reply(body);
      } else if (!ctx.publicReply && interaction.isMessageComponent() && !interaction.ephemeral) {
        // A deferred update: the "reply" is the message the button is on, which must keep its content.
        await interaction.followUp(body);
      } else {
        await tellAfterDefer(interaction, content, {
          publicReply: ctx.publicReply === true,
          locale: localeOf(interaction.locale),
          log: ctx.log,
        });
      }
    } catch (replyError) {
      ctx.log.warn({ err: replyError }, "could not tell the user about the failure");
    }
  }

  return {
    async handle(interaction) {
      if (interaction.isAutocomplete()) return autocomplete(interaction, contextFor(interaction));
      if (!interaction.isRepliable()) return;
      // The defer goes first; who may do what, quotas and log lines can all wait for it.
      const how = acknowledgementFor(interaction, byName, byPrefix);
      const failed =
        how === "none" ? undefined : await acknowledge(interaction, how).then(noFailure, asFailure);
      const ctx = contextFor(interaction);
      ctx.publicReply = how === "public" && interaction.deferred;
      try {
        if (failed) throw failed.error;
        if (how !== "none") await yieldToPendingAcknowledgements();
        await gate.check(interaction, ctx);
        await run(interaction, how, ctx);
      } catch (error) {
        await report(interaction, error, ctx);
      }
    },
  };
}
