import type { Interaction } from "discord.js";
import { type AccessControl, createAccessControl, memoryQuotaCounter } from "../access/control.js";
import { type AccessKind, checkAccess, isAdmin } from "../access/policy.js";
import { userErrorOf } from "../errors.js";
import type { Command, ComponentHandler, HandlerContext } from "./command.js";
import type { BotContext } from "./context.js";

export interface AccessGate {
  /** The bot's access control (a process-local quota when the bot was built without one). */
  access: AccessControl;
  /** Throws a UserError naming what is missing when the interaction's handler is not for this caller. */
  check(interaction: Interaction, ctx: HandlerContext): Promise<void>;
}

/** The router's precondition: each command or component declares what it needs in `access`. */
export function createAccessGate(
  commands: readonly Command[],
  components: readonly ComponentHandler[],
  bot: BotContext,
): AccessGate {
  const byName = new Map(commands.map((c) => [c.data.name, c.access]));
  const byPrefix = new Map(components.map((c) => [c.prefix, c.access]));
  const access = bot.access ?? fallback(bot);

  function kindOf(interaction: Interaction): AccessKind | undefined {
    if (interaction.isCommand()) return byName.get(interaction.commandName);
    if (interaction.isButton() || interaction.isModalSubmit()) {
      return byPrefix.get(interaction.customId.split(":")[0] ?? "");
    }
    return undefined;
  }

  return {
    access,
    async check(interaction, ctx) {
      const kind = kindOf(interaction);
      if (!kind) return;
      const decision = checkAccess(access.policy, ctx.caller, kind);
      if (!decision.allowed) throw userErrorOf(decision.refusal);
      // Refused early here so nobody fills in a prompt for nothing; startJob counts the job.
      if (kind === "generate" && !isAdmin(access.policy, ctx.caller)) {
        await access.quota.check(ctx.caller.userId);
      }
    },
  };
}

function fallback(bot: BotContext): AccessControl {
  if (bot.config.access.dailyQuota > 0) {
    bot.logger.warn("DAILY_QUOTA counts are kept in memory only: the bot context has no access control");
  }
  return createAccessControl(bot.config.access, memoryQuotaCounter(), bot.now);
}
