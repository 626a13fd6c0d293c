import type { Config } from "../config.js";
import { type CheckGroup, pass, warn } from "./check.js";

/**
 * Whether a video too big for a channel can still reach the user: only through the link server.
 * Without it the user reads that the video could not be delivered; this is where the owner learns why.
 */
export function checkLinks(config: Config): CheckGroup {
  const line = config.publicBaseUrl
    ? pass(`link server for videos too big to upload: ${config.publicBaseUrl}`)
    : warn(
        "no link server: a video too big for a channel's upload limit (even compact) cannot be delivered",
        "set PUBLIC_BASE_URL to the address users reach, and LINK_PORT/LINK_HOST for the server",
      );
  return { title: "Delivery", lines: [line] };
}
