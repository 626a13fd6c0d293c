import { type AccessPolicy, openToEveryServer } from "./policy.js";

/**
 * What the start-up log and `doctor` say when ALLOWED_GUILDS is unset: Discord bots are public by
 * default, so anyone can add this one to a server of their own and spend the owner's GPU.
 */
export function openServerWarning(policy: AccessPolicy): string | undefined {
  if (!openToEveryServer(policy)) return undefined;
  return (
    "The bot is open to every server: ALLOWED_GUILDS is not set, so anyone who adds it to a server can use it " +
    '(only ADMIN_USERS and ADMIN_ROLES are admins). Switch off "Public Bot" on the Bot page of the Discord ' +
    "Developer Portal, or set ALLOWED_GUILDS to your server ids."
  );
}
