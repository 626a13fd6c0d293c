import { MessageFlags, type RepliableInteraction } from "discord.js";
import type { Command, ComponentHandler } from "./command.js";

/** How the router answers an interaction before anything else: the handler's declared defer. */
export type Acknowledgement = "public" | "ephemeral" | "update" | "none";

/** The defer an interaction's handler declared; "none" where the handler answers itself (modals). */
export function acknowledgementFor(
  interaction: RepliableInteraction,
  byName: ReadonlyMap<string, Command>,
  byPrefix: ReadonlyMap<string, ComponentHandler>,
): Acknowledgement {
  if (interaction.isChatInputCommand()) {
    const command = byName.get(interaction.commandName);
    return command?.kind === "slash" ? command.defer : "none";
  }
  if (interaction.isButton() || interaction.isModalSubmit()) {
    const handler = byPrefix.get(interaction.customId.split(":")[0] ?? "");
    if (!handler || (handler.defer === "update" && !interaction.isButton())) return "none";
    return handler.defer;
  }
  return "none";
}

/**
 * Sends the acknowledgement: the first request for the interaction, before any check or log line,
 * so Discord's 3 s clock and a burst's queue see it as early as this process can send it.
 */
export async function acknowledge(interaction: RepliableInteraction, how: Acknowledgement): Promise<void> {
  if (how === "public") await interaction.deferReply();
  else if (how === "ephemeral") await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  else if (how === "update" && interaction.isMessageComponent()) await interaction.deferUpdate();
}

/**
 * Lets the defers of a burst that arrived together go out before any interaction's real work starts:
 * setImmediate runs after the I/O callbacks (gateway frames) already waiting.
 */
export const yieldToPendingAcknowledgements = () => new Promise<void>((resolve) => setImmediate(resolve));
