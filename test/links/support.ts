import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { DestinationStream } from "pino";
import { createLogger } from "../../src/logger.js";

export const tinyMp4 = fileURLToPath(new URL("../fixtures/video/tiny.mp4", import.meta.url));
export const previewJpg = fileURLToPath(new URL("../fixtures/video/preview.jpg", import.meta.url));

/** A scratch folder holding `videos/` (the served directory) and `outside/` (never to be touched). */
export function scratch(): { root: string; videoDir: string; outsideDir: string; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), "oelala-links-"));
  const videoDir = join(root, "videos");
  const outsideDir = join(root, "outside");
  mkdirSync(videoDir);
  mkdirSync(outsideDir);
  return { root, videoDir, outsideDir, remove: () => rmSync(root, { recursive: true, force: true }) };
}

export function copyInto(dir: string, source: string, name: string): string {
  const target = join(dir, name);
  copyFileSync(source, target);
  return target;
}

export function manualClock(start = Date.UTC(2025, 0, 1)) {
  let time = start;
  return {
    now: () => time,
    advance(ms: number) {
      time += ms;
    },
  };
}

export function capturingLogger() {
  const lines: string[] = [];
  const destination: DestinationStream = { write: (line: string) => void lines.push(line) };
  return { logger: createLogger({ level: "debug", destination }), lines };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** Sends `path` exactly as written (fetch would normalise `..` and friends away). */
export function rawRequest(
  baseUrl: string,
  path: string,
  options: { method?: string; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: options.method ?? "GET",
        headers: options.headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end();
  });
}

/** Everything about a response a client could compare, except the clock. */
export function observable(response: RawResponse) {
  const { date: _date, ...headers } = response.headers;
  return { status: response.status, headers, body: response.body.toString("latin1") };
}
