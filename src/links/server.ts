import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type Clock, realClock } from "../clock.js";
import type { Logger } from "../logger.js";
import { baseHeaders, sendNotFound } from "./headers.js";
import { pageContentSecurityPolicy, renderVideoPage } from "./page.js";
import type { LinkRegistry } from "./registry.js";
import { sendFile } from "./send-file.js";
import { startSweeper } from "./sweeper.js";

export interface LinkServerOptions {
  registry: LinkRegistry;
  host: string;
  /** 0 picks a free port; `url` tells which. */
  port: number;
  logger: Logger;
  now?: () => number;
  /** How often expired links and their files are removed; 0 turns the timer off. Default 10 minutes. */
  sweepEveryMs?: number;
  scheduler?: Clock;
  /** Open connections at most; more are refused at once. Default 256. */
  maxConnections?: number;
}

export interface LinkServer {
  /** Where the server listens (not the public URL). */
  url: string;
  close(): Promise<void>;
}

export class LinkServerError extends Error {
  override readonly name = "LinkServerError";
}

/** The raw path decides everything: it is never decoded, so `%2f` and `..` can only miss. */
const videoRoute = /^\/v\/([A-Za-z0-9_-]{43})(\.mp4|\.jpg)?$/;

type Route = "page" | "video" | "poster" | "health" | "none";

export async function startLinkServer(options: LinkServerOptions): Promise<LinkServer> {
  const { registry, logger } = options;
  const now = options.now ?? Date.now;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<Route> {
    const path = (req.url ?? "").split("?")[0] ?? "";
    if (req.method !== "GET" && req.method !== "HEAD") return "none";
    if (path === "/healthz") {
      res.writeHead(200, {
        ...baseHeaders,
        "Content-Type": "text/plain; charset=utf-8",
        "Cache-Control": "no-store",
      });
      res.end(req.method === "HEAD" ? undefined : "ok");
      return "health";
    }
    const match = videoRoute.exec(path);
    const token = match?.[1];
    if (!token) return "none";
    const link = await registry.resolve(token);
    if (!link) return "none";
    const maxAgeSeconds = (link.expiresAt - now()) / 1000;

    if (match[2] === undefined) {
      const body = Buffer.from(renderVideoPage(link, token));
      res.writeHead(200, {
        ...baseHeaders,
        "Content-Type": "text/html; charset=utf-8",
        "Content-Length": String(body.length),
        "Content-Security-Policy": pageContentSecurityPolicy,
        "Cache-Control": "private, no-store",
      });
      res.end(req.method === "HEAD" ? undefined : body);
      return "page";
    }
    const [route, file, contentType] =
      match[2] === ".mp4"
        ? (["video", link.videoPath, "video/mp4"] as const)
        : (["poster", link.posterPath, "image/jpeg"] as const);
    if (file === undefined) return "none";
    const outcome = await sendFile(req, res, file, { contentType, maxAgeSeconds });
    if (outcome.status === "missing") {
      logger.warn({ route }, "a live link's file could not be opened");
      return "none";
    }
    return route;
  }

  const server = createServer((req, res) => {
    handle(req, res)
      .then((route) => {
        if (route === "none" && !res.headersSent) sendNotFound(res, req.method);
        logger.debug({ method: req.method, route, status: res.statusCode }, "link request");
      })
      .catch((error: unknown) => {
        // A client that seeks aborts its previous range request; that is not worth more than debug.
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ERR_STREAM_PREMATURE_CLOSE")
          logger.debug({ method: req.method }, "link client went away");
        else logger.error({ err: error }, "link request failed");
        if (!res.headersSent) sendNotFound(res, req.method);
        else res.destroy();
      });
  });

  // A public port: cap open connections so one client cannot hold every socket (and file handle).
  server.maxConnections = options.maxConnections ?? 256;
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error) =>
      reject(
        new LinkServerError(`link server could not listen on ${options.host}:${options.port}`, {
          cause: error,
        }),
      ),
    );
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const sweeper = startSweeper({
    registry,
    logger,
    everyMs: options.sweepEveryMs ?? 10 * 60_000,
    scheduler: options.scheduler ?? realClock,
  });
  logger.info({ port: address.port }, "link server listening");

  return {
    url: `http://${host}:${address.port}`,
    async close() {
      await sweeper.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
