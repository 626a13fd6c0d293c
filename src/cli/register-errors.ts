import { DiscordAPIError } from "discord.js";
import { UserError } from "../errors.js";
import { inviteUrl } from "../discord/setup-help.js";

const networkCodes = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|fetch failed/;

/** Discord's answer to a registration, as a sentence that names the fix. */
export function registerFailure(
  error: unknown,
  target: { guild?: string | undefined; applicationId: string },
) {
  if (error instanceof DiscordAPIError) {
    if (error.status === 401) {
      return new UserError(
        "REGISTER_TOKEN",
        "Discord rejected the bot token. Reset the token in the Developer Portal and update DISCORD_TOKEN.",
      );
    }
    if (target.guild && (error.code === 50001 || error.code === 10004 || error.status === 404)) {
      return new UserError(
        "REGISTER_NOT_IN_GUILD",
        `The bot is not in the server ${target.guild} (Discord answered: ${error.message}). Invite it first with ${inviteUrl(target.applicationId)} , or check the server id (Developer Mode → right-click the server → Copy Server ID).`,
      );
    }
    if (error.code === 50001 || error.status === 403 || error.status === 404) {
      return new UserError(
        "REGISTER_APPLICATION",
        `Discord refused the registration (${error.message}). Check that DISCORD_APPLICATION_ID is the Application ID of the bot whose token is in DISCORD_TOKEN.`,
      );
    }
    return new UserError("REGISTER_REFUSED", `Discord refused the registration: ${error.message}.`);
  }
  const text =
    error instanceof Error
      ? `${error.message} ${String((error.cause as Error | undefined)?.message ?? "")}`
      : "";
  if (
    networkCodes.test(text) ||
    networkCodes.test(String((error as NodeJS.ErrnoException | undefined)?.code))
  ) {
    return new UserError(
      "REGISTER_UNREACHABLE",
      "Could not reach Discord. Check the network connection, and DISCORD_API_URL if you set it.",
    );
  }
  return error;
}

/** A server id is a snowflake: 17–20 digits. */
export function guildIdProblem(guild: string | undefined): UserError | undefined {
  if (guild === undefined || /^\d{17,20}$/.test(guild)) return undefined;
  return new UserError(
    "REGISTER_GUILD_ID",
    `--guild wants a server id (17–20 digits, e.g. --guild 123456789012345678), not "${guild}". Turn on Developer Mode in Discord, then right-click the server → Copy Server ID.`,
  );
}
