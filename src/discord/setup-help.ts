import type { Config } from "../config.js";

/** Bot permissions the bot needs in its channels: View Channel, Send Messages, Embed Links, Attach Files, Read Message History. */
export const botPermissions = (1n << 10n) | (1n << 11n) | (1n << 14n) | (1n << 15n) | (1n << 16n);

export function inviteUrl(applicationId: string): string {
  return `https://discord.com/oauth2/authorize?client_id=${applicationId}&scope=bot+applications.commands&permissions=${botPermissions}`;
}

/** What is missing from the Discord settings and how to get it; empty when nothing is. */
export function missingDiscordSettings(config: Config): string[] {
  const missing: string[] = [];
  if (!config.discord.token) missing.push("DISCORD_TOKEN");
  if (!config.discord.applicationId) missing.push("DISCORD_APPLICATION_ID");
  return missing;
}

/** The steps, with the real invite link once DISCORD_APPLICATION_ID is known. */
export function discordSetupHelp(missing: string[], applicationId?: string): string {
  return [
    `Missing: ${missing.join(" and ")}.`,
    "",
    "To get them:",
    "  1. Open https://discord.com/developers/applications and press 'New Application'.",
    "  2. General Information: copy the Application ID into DISCORD_APPLICATION_ID.",
    "  3. Bot: press 'Reset Token' and copy it into DISCORD_TOKEN (keep it secret).",
    "     No privileged intents are needed: the bot only uses the Guilds intent.",
    "     Switch off 'Public Bot' there, so only you can add the bot to a server.",
    "  4. Put both in a .env file next to package.json (see .env.example), or in the environment.",
    "  5. Invite the bot with the scopes 'bot' and 'applications.commands' and the permissions",
    "     View Channel, Send Messages, Embed Links, Attach Files and Read Message History:",
    `     ${inviteUrl(applicationId ?? "<DISCORD_APPLICATION_ID>")}`,
    "  6. Register the commands once: npm run cli -- register --guild <your server id>",
    "     (a guild updates instantly; without --guild they are global and may take up to an hour).",
  ].join("\n");
}
