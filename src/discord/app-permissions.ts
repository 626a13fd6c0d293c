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

function list(names: readonly string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/** Refuses before any work when the bot could not deliver the video in this channel. */
export function assertCanDeliver(interaction: {
  appPermissions: Readonly<PermissionsBitField> | null;
}): void {
  const missing = missingForDelivery(interaction.appPermissions);
  if (missing.length === 0) return;
  throw new UserError(
    "BOT_PERMISSIONS_MISSING",
    `I can't post videos in this channel: I am missing ${list(missing)} here. Someone who can manage this channel (Manage Channels or Manage Roles) can give me that in the channel's permission settings.`,
  );
}
