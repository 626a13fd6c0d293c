import { openServerWarning } from "../access/open-warning.js";
import type { Config } from "../config.js";
import { type CheckGroup, pass, warn } from "./check.js";

/** Who can reach the bot: a warning (not a failure) when every server can. */
export function checkAccessSettings(config: Config): CheckGroup {
  const open = openServerWarning(config.access);
  return {
    title: "Access",
    lines: [
      open ? warn("open to every server", open) : pass("only the servers in ALLOWED_GUILDS can use the bot"),
    ],
  };
}
