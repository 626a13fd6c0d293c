import type { ServerResponse } from "node:http";

/** Sent with every response, whatever it is. */
export const baseHeaders = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Cross-Origin-Resource-Policy": "cross-origin",
} as const;

const notFoundBody = Buffer.from("Not found\n");

/**
 * The one answer for every path, token or method the server does not serve: the same status, headers
 * and body whether a token never existed, expired, or its file is gone.
 */
export function sendNotFound(res: ServerResponse, method: string | undefined): void {
  res.writeHead(404, {
    ...baseHeaders,
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Length": String(notFoundBody.length),
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "Cache-Control": "no-store",
  });
  res.end(method === "HEAD" ? undefined : notFoundBody);
}
