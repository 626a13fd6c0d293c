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
      return new UserError("error.REGISTER_TOKEN", {});
    }
    if (target.guild && (error.code === 50001 || error.code === 10004 || error.status === 404)) {
      return new UserError("error.REGISTER_NOT_IN_GUILD", {
        guild: target.guild,
        reason: error.message,
        invite: inviteUrl(target.applicationId),
      });
    }
    if (error.code === 50001 || error.status === 403 || error.status === 404) {
      return new UserError("error.REGISTER_APPLICATION", { reason: error.message });
    }
    return new UserError("error.REGISTER_REFUSED", { reason: error.message });
  }
  const text =
    error instanceof Error
      ? `${error.message} ${String((error.cause as Error | undefined)?.message ?? "")}`
      : "";
  if (
    networkCodes.test(text) ||
    networkCodes.test(String((error as NodeJS.ErrnoException | undefined)?.code))
  ) {
    return new UserError("error.REGISTER_UNREACHABLE", {});
  }
  return error;
}

/** A server id is a snowflake: 17–20 digits. */
export function guildIdProblem(guild: string | undefined): UserError | undefined {
  if (guild === undefined || /^\d{17,20}$/.test(guild)) return undefined;
  return new UserError("error.REGISTER_GUILD_ID", { guild });
}
