import { type FileHandle, open } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import { baseHeaders } from "./headers.js";
import { decideRange } from "./range.js";

export interface SendFileOptions {
  contentType: string;
  /** Seconds a cache may keep the file: the link's remaining life. */
  maxAgeSeconds: number;
}

/** What happened, for the log: bytes is what was meant to go out. */
export type SendOutcome = { status: number; bytes: number } | { status: "missing" };

/**
 * Streams one file from disk with single-range support. The file is opened once and stat'ed through
 * the same descriptor, so the length sent is the length read.
 */
export async function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  options: SendFileOptions,
): Promise<SendOutcome> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, "r");
  } catch {
    return { status: "missing" };
  }
  try {
    const stats = await handle.stat();
    const size = stats.size;
    const etag = `"${size.toString(36)}-${Math.trunc(stats.mtimeMs).toString(36)}"`;
    const lastModified = stats.mtime.toUTCString();
    const headers: Record<string, string> = {
      ...baseHeaders,
      "Content-Type": options.contentType,
      "Accept-Ranges": "bytes",
      ETag: etag,
      "Last-Modified": lastModified,
      // The URL is a secret: only the viewer's own browser may keep a copy, never a shared cache.
      "Cache-Control": `private, max-age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`,
    };

    if (req.headers["if-none-match"] === etag) {
      res.writeHead(304, headers).end();
      return { status: 304, bytes: 0 };
    }
    const ifRange = req.headers["if-range"];
    const rangeStillValid = ifRange === undefined || ifRange === etag || ifRange === lastModified;
    const range = decideRange(rangeStillValid ? req.headers.range : undefined, size);

    if (range.kind === "unsatisfiable") {
      res.writeHead(416, { ...headers, "Content-Range": `bytes */${size}`, "Content-Length": "0" }).end();
      return { status: 416, bytes: 0 };
    }
    const [status, start, end] =
      range.kind === "partial" ? [206, range.start, range.end] : [200, 0, size - 1];
    const length = end - start + 1;
    if (status === 206) headers["Content-Range"] = `bytes ${start}-${end}/${size}`;
    headers["Content-Length"] = String(length);
    res.writeHead(status, headers);
    if (req.method === "HEAD" || length === 0) {
      res.end();
      return { status, bytes: 0 };
    }
    const stream = handle.createReadStream({ start, end, autoClose: true });
    handle = undefined;
    await pipeline(stream, res);
    return { status, bytes: length };
  } finally {
    await handle?.close();
  }
}
