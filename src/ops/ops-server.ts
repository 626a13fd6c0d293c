import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { Registry } from "prom-client";
import { type Clock, realClock } from "../clock.js";
import type { Logger } from "../logger.js";
import { type HealthReport, judgeHealth, unknownHealth } from "./health.js";

/** Serves a request it recognises and returns true; returns false to let the bot answer 404. */
export type ExtraRoutes = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

export interface BotHttpServerOptions {
  /** 0 picks a free port; `port` and `url` tell which. */
  port: number;
  host: string;
  metrics: { registry: Registry };
  health: () => Promise<HealthReport>;
  /** Tried after `/healthz` and `/metrics`, e.g. the link server's `/v/…` routes on the same port. */
  extraRoutes?: ExtraRoutes;
  /** Who may read `/metrics` (others get 404). Default: everyone; see `fromLoopback`. */
  metricsAllowed?: (req: IncomingMessage) => boolean;
  logger?: Logger;
  /** A health report slower than this answers 503 (default 5 s). */
  healthTimeoutMs?: number;
  /** On close, connections still busy after this are cut (default 5 s; long video downloads). */
  closeGraceMs?: number;
  scheduler?: Clock;
}

export interface BotHttpServer {
  /** Where the server listens (not the public URL). */
  url: string;
  port: number;
  /** Stops accepting, lets requests in flight finish within the grace, then resolves. Idempotent. */
  close(): Promise<void>;
}

export class BotHttpServerError extends Error {
  override readonly name = "BotHttpServerError";
}

/** Only requests from this machine (a Prometheus on the same host, or through a local reverse proxy). */
export function fromLoopback(req: IncomingMessage): boolean {
  const address = req.socket.remoteAddress ?? "";
  return address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127.");
}

const commonHeaders = { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" };

function send(req: IncomingMessage, res: ServerResponse, status: number, type: string, body: string) {
  res.writeHead(status, {
    ...commonHeaders,
    "Content-Type": type,
    "Content-Length": String(Buffer.byteLength(body)),
  });
  res.end(req.method === "HEAD" ? undefined : body);
}

const sendText = (req: IncomingMessage, res: ServerResponse, status: number, text: string) =>
  send(req, res, status, "text/plain; charset=utf-8", `${text}\n`);

export async function startBotHttpServer(options: BotHttpServerOptions): Promise<BotHttpServer> {
  const scheduler = options.scheduler ?? realClock;
  const healthTimeoutMs = options.healthTimeoutMs ?? 5000;
  const { registry } = options.metrics;

  async function healthAnswer() {
    let timer: unknown;
    const timeout = new Promise<ReturnType<typeof unknownHealth>>((resolve) => {
      timer = scheduler.setTimeout(
        () => resolve(unknownHealth("the health check timed out")),
        healthTimeoutMs,
      );
    });
    const report = options.health().then(judgeHealth, (error: unknown) => {
      options.logger?.error({ err: error }, "health report failed");
      return unknownHealth("the health check failed");
    });
    try {
      return await Promise.race([report, timeout]);
    } finally {
      scheduler.clearTimeout(timer);
    }
  }

  const ownRoutes: Record<string, (req: IncomingMessage, res: ServerResponse) => Promise<void>> = {
    "/healthz": async (req, res) => {
      const { httpStatus, body } = await healthAnswer();
      send(req, res, httpStatus, "application/json; charset=utf-8", JSON.stringify(body));
    },
    "/metrics": async (req, res) => {
      send(req, res, 200, registry.contentType, await registry.metrics());
    },
  };

  async function route(req: IncomingMessage, res: ServerResponse) {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const allowed = path !== "/metrics" || (options.metricsAllowed?.(req) ?? true);
    const own = Object.hasOwn(ownRoutes, path) && allowed ? ownRoutes[path] : undefined;
    if (own) {
      if (req.method === "GET" || req.method === "HEAD") return own(req, res);
      res.setHeader("Allow", "GET, HEAD");
      return sendText(req, res, 405, "Method not allowed");
    }
    if (options.extraRoutes && (await options.extraRoutes(req, res))) return;
    sendText(req, res, 404, "Not found");
  }

  let closing: Promise<void> | undefined;
  const busy = new Map<Socket, number>();
  const server = createServer((req, res) => {
    const { socket } = req;
    busy.set(socket, (busy.get(socket) ?? 0) + 1);
    // A keep-alive connection that goes idle after close() began would otherwise hold the server open.
    res.once("close", () => {
      const left = (busy.get(socket) ?? 1) - 1;
      busy.set(socket, left);
      if (closing && left === 0) socket.end();
    });
    route(req, res).catch((error: unknown) => {
      options.logger?.error({ err: error, method: req.method }, "http request failed");
      if (!res.headersSent) sendText(req, res, 500, "Internal server error");
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  }).catch((error: unknown) => {
    throw new BotHttpServerError(
      `The HTTP server cannot listen on ${options.host}:${options.port} (${(error as NodeJS.ErrnoException).code ?? "error"}).`,
      { cause: error },
    );
  });
  server.on("connection", (socket: Socket) => socket.once("close", () => busy.delete(socket)));
  server.on("error", (error) => options.logger?.error({ err: error }, "http server error"));

  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;

  return {
    url: `http://${host}:${port}`,
    port,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        const cut = scheduler.setTimeout(() => server.closeAllConnections(), options.closeGraceMs ?? 5000);
        server.close((error) => {
          scheduler.clearTimeout(cut);
          if (error)
            reject(new BotHttpServerError("The HTTP server did not close cleanly.", { cause: error }));
          else resolve();
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
