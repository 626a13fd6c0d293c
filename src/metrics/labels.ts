/** Label values stay short and low-cardinality; anything longer is cut. */
const maxLabelLength = 120;

/**
 * A ComfyUI server as a label: `host:port` plus any path prefix, never user:password or a query.
 * Servers are configured URLs; anything else is kept to a safe character set.
 */
export function serverLabel(server: string): string {
  // Server names ("gpu1:8188") are labels as they are; only full URLs are trimmed to host and path.
  if (!server.includes("://")) return server.replace(/[^A-Za-z0-9._:/-]/g, "_").slice(0, maxLabelLength);
  try {
    const url = new URL(server);
    const prefix = url.pathname.replace(/\/+$/, "");
    return `${url.host}${prefix}`.slice(0, maxLabelLength);
  } catch {
    return server.replace(/[^A-Za-z0-9._:/-]/g, "_").slice(0, maxLabelLength);
  }
}

/**
 * A Discord REST route as a label, in discord.js's bucket form (`/channels/:id/messages`): ids become
 * `:id` and webhook/interaction tokens `:token`, so one route is one series and no secret becomes a label.
 * Accepts a full URL, a path, or an already-normalized route.
 */
export function discordRouteLabel(route: string): string {
  let path = route;
  try {
    path = new URL(route).pathname;
  } catch {
    // Already a path.
  }
  const label = (path.split(/[?#]/)[0] ?? "")
    .replace(/^\/api(\/v\d+)?(?=\/)/, "")
    .replace(/\/(webhooks|interactions)\/([^/]+)\/[^/]+/, "/$1/$2/:token")
    .replace(/\d{17,20}/g, ":id")
    .replace(/\/reactions\/.*/, "/reactions/:reaction");
  return label.slice(0, maxLabelLength) || "/";
}
