import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createLinkRegistry, type IssuedLink, type LinkRegistry } from "../../src/links/registry.js";
import { type LinkServer, startLinkServer } from "../../src/links/server.js";
import {
  capturingLogger,
  copyInto,
  manualClock,
  previewJpg,
  rawRequest,
  scratch,
  tinyMp4,
} from "./support.js";

export const publicBaseUrl = "https://videos.example.test/oelala";
export const hour = 3_600_000;
export const meta = { title: "a fox", width: 64, height: 48, durationSeconds: 1 };

/** A running link server with three live links: tiny.mp4, a 3 MiB file, and one with a poster. */
export async function startServedLinks() {
  const dirs = scratch();
  const clock = manualClock();
  const logs = capturingLogger();
  const registry: LinkRegistry = createLinkRegistry({
    now: clock.now,
    ttlMs: hour,
    publicBaseUrl,
    videoDir: dirs.videoDir,
  });
  const tiny = {
    link: await registry.issue(copyInto(dirs.videoDir, tinyMp4, "tiny.mp4"), meta),
    bytes: readFileSync(tinyMp4),
  };
  // More bytes than one read chunk (64 KiB), so ranges cross chunk boundaries.
  const bigPath = join(dirs.videoDir, "big.mp4");
  const filler = Buffer.alloc(3 * 1024 * 1024 + 17);
  for (let i = 0; i < filler.length; i += 1) filler[i] = (i * 31 + (i >> 9)) & 0xff;
  writeFileSync(bigPath, Buffer.concat([readFileSync(tinyMp4), filler]));
  const big = { link: await registry.issue(bigPath, meta), bytes: readFileSync(bigPath) };
  const withPoster: IssuedLink = await registry.issue(copyInto(dirs.videoDir, tinyMp4, "p.mp4"), {
    ...meta,
    posterPath: copyInto(dirs.videoDir, previewJpg, "p.jpg"),
  });
  const server: LinkServer = await startLinkServer({
    registry,
    host: "127.0.0.1",
    port: 0,
    logger: logs.logger,
    now: clock.now,
    sweepEveryMs: 0,
  });
  return {
    dirs,
    clock,
    logs,
    registry,
    server,
    tiny,
    big,
    withPoster,
    get: (path: string, headers: Record<string, string> = {}, method = "GET") =>
      rawRequest(server.url, path, { headers, method }),
    async close() {
      await server.close();
      dirs.remove();
    },
  };
}

export type ServedLinks = Awaited<ReturnType<typeof startServedLinks>>;
