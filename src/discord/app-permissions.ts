import { PermissionFlagsBits, type PermissionsBitField } from "discord.js";
import { UserError } from "../errors.js";

/**
 * What the bot needs in a channel to deliver a job there with its own token: results, failures and
 * notices are Create Message calls (docs: resources/message#create-message: Send Messages; Attach
 * Files for the video; Embed Links for the settings embed; Read Message History for the reply that
 * points at the job's message), all in a channel it must see (View Channel).
 */
const needed = [
  [PermissionFlagsBits.ViewChannel, "View Channel"],
  [PermissionFlagsBits.SendMessages, "Send Messages"],
  [PermissionFlagsBits.AttachFiles, "Attach Files"],
  [PermissionFlagsBits.EmbedLinks, "Embed Links"],
  [PermissionFlagsBits.ReadMessageHistory, "Read Message History"],
] as const;

/** Names of what is missing from the interaction's `app_permissions`, in Discord's own words. */
export function missingForDelivery(
  appPermissions: Readonly<PermissionsBitField> | null | undefined,
): string[] {
  // Outside a guild there is no channel permission to read; jobs are registered for guilds only.
  if (!appPermissions) return [];
  return needed.filter(([bit]) => !appPermissions.has(bit)).map(([, name]) => name);
}

/** Refuses before any work when the bot could not deliver the video in this channel. */
export function assertCanDeliver(interaction: {
  appPermissions: Readonly<PermissionsBitField> | null;
}): void {
  const missing = missingForDelivery(interaction.appPermissions);
  if (missing.length === 0) return;
  throw new UserError("error.BOT_PERMISSIONS_MISSING", { missing: { and: missing } });
}
