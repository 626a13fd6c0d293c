/** The aiohttp-shaped bits of the emulator's HTTP layer: replies, bodies, JSON errors. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Readable } from "node:stream";

export interface Request {
  method: string;
  /** The path with any `/api` prefix removed. */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  body: Buffer;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** JSON body; omitted with no `text`/`stream`/`bytes` = an empty body, as `web.Response(status=200)`. */
  json?: unknown;
  text?: string;
  bytes?: Buffer;
  stream?: Readable;
}

export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

export const empty = (status = 200): Reply => ({ status });
export const json = (value: unknown, status = 200): Reply => ({ status, json: value });

/** What aiohttp answers when a handler raises (e.g. `await request.json()` on a body that is not JSON). */
export const internalError = (): Reply => ({
  status: 500,
  headers: { "Content-Type": "text/plain; charset=utf-8" },
  text: "500 Internal Server Error\n\nServer got itself in trouble",
});

export class BadJson extends Error {
  override readonly name = "BadJson";
}

/** `await request.json()`: raises (→ 500) on an empty or malformed body. */
export function requestJson(request: Request): unknown {
  try {
    return JSON.parse(request.body.toString("utf8"));
  } catch (error) {
    throw new BadJson("request body is not JSON", { cause: error });
  }
}

export function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_UPLOAD_BYTES) chunks.push(chunk);
    });
    req.on("end", () => resolve(size > MAX_UPLOAD_BYTES ? undefined : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.json !== undefined) {
    const body = Buffer.from(JSON.stringify(reply.json));
    res.writeHead(reply.status, {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Length": body.length,
      ...headers,
    });
    res.end(body);
    return;
  }
  if (reply.stream) {
    res.writeHead(reply.status, headers);
    reply.stream.pipe(res);
    return;
  }
  const body = reply.bytes ?? Buffer.from(reply.text ?? "");
  // aiohttp 3.8 (the recorded server) labels an empty web.Response as octet-stream.
  if (body.length === 0 && !headers["Content-Type"]) headers["Content-Type"] = "application/octet-stream";
  res.writeHead(reply.status, { "Content-Length": body.length, ...headers });
  res.end(body);
}
