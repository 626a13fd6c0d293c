import { imageError } from "./image-errors.js";

const isLoopback = (hostname: string) =>
  hostname === "localhost" || hostname === "[::1]" || /^127(\.\d{1,3}){3}$/.test(hostname);

/**
 * Parses an image link and allows it only for an exact listed host over https; plain http only for a
 * listed loopback host (the test servers). Credentials in the link are refused.
 */
export function checkImageUrl(raw: string, allowedHosts: readonly string[]): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch (error) {
    throw imageError("IMAGE_URL_INVALID", {}, error);
  }
  const hostname = url.hostname.toLowerCase();
  const listed = allowedHosts.some((host) => host.trim().toLowerCase() === hostname);
  const secure = url.protocol === "https:" || (url.protocol === "http:" && isLoopback(hostname));
  if (!listed || !secure || url.username !== "" || url.password !== "") {
    throw imageError("IMAGE_HOST_NOT_ALLOWED", {}, new Error(`refused ${url.protocol}//${hostname}`));
  }
  return url;
}

/** A link fit for a log line: no query (Discord signs attachment links there) and no fragment. */
export function redactUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}
