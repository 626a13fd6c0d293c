import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createLinkRegistry, type IssuedLink } from "../../src/links/registry.js";
import { type LinkServer, startLinkServer } from "../../src/links/server.js";
import { chromiumPath, launchChromium } from "./chromium.js";
import { capturingLogger, copyInto, previewJpg, scratch, tinyMp4 } from "./support.js";

// CI installs Debian's chromium (see .ci/run); elsewhere this test only runs where it exists.
const inCi = !!process.env["CI"] && !["false", "0"].includes(process.env["CI"]!);
// In CI a missing browser fails the test (launching it throws); elsewhere the test needs one installed.
const hasChromium = existsSync(chromiumPath) || inCi;

const dirs = scratch();
const logs = capturingLogger();
const publicBaseUrl = "https://videos.example.test";
let server: LinkServer;
let link: IssuedLink;

beforeAll(async () => {
  const registry = createLinkRegistry({
    now: Date.now,
    ttlMs: 60_000,
    publicBaseUrl,
    videoDir: dirs.videoDir,
  });
  link = await registry.issue(copyInto(dirs.videoDir, tinyMp4, "clip.mp4"), {
    title: "a fox <in> the snow",
    width: 64,
    height: 48,
    durationSeconds: 1,
    posterPath: copyInto(dirs.videoDir, previewJpg, "clip.jpg"),
  });
  server = await startLinkServer({
    registry,
    host: "127.0.0.1",
    port: 0,
    logger: logs.logger,
    sweepEveryMs: 0,
  });
});

afterAll(async () => {
  await server?.close();
  dirs.remove();
});

/** Runs in the page: loads metadata, plays muted, and reports what a viewer would see. */
const playInPage = `(async () => {
  const video = document.querySelector("video");
  const until = (done, ms) => new Promise((resolve) => {
    const stop = Date.now() + ms;
    const tick = () => (done() || Date.now() > stop ? resolve(done()) : setTimeout(tick, 25));
    tick();
  });
  await until(() => video.readyState >= 1 || video.error !== null, 10000);
  video.muted = true;
  let playError = null;
  try { await video.play(); } catch (error) { playError = String(error); }
  await until(() => (video.readyState >= 2 && video.currentTime > 0) || video.error !== null, 10000);
  return {
    canPlayH264: video.canPlayType('video/mp4; codecs="avc1.42E01E"'),
    readyState: video.readyState,
    currentTime: video.currentTime,
    videoWidth: video.videoWidth,
    videoHeight: video.videoHeight,
    mediaError: video.error && video.error.code,
    playError,
    title: document.querySelector("h1").textContent,
    ogVideo: document.querySelector('meta[property="og:video"]').content,
    styled: getComputedStyle(document.body).backgroundColor,
  };
})()`;

const outcomeSchema = z.object({
  canPlayH264: z.string(),
  readyState: z.number(),
  currentTime: z.number(),
  videoWidth: z.number(),
  videoHeight: z.number(),
  mediaError: z.number().nullable(),
  playError: z.string().nullable(),
  title: z.string(),
  ogVideo: z.string(),
  styled: z.string(),
});

describe("the link page in a real browser", () => {
  it.runIf(hasChromium)(
    "GIVEN a link page opened in headless Chromium THEN the H.264 video loads, plays and advances",
    async () => {
      const browser = await launchChromium();
      try {
        const outcome = outcomeSchema.parse(
          await browser.evaluateIn(`${server.url}/v/${link.token}`, playInPage),
        );
        expect(outcome.mediaError, "the video element reported a media error").toBeNull();
        expect(outcome.playError).toBeNull();
        expect(outcome.canPlayH264).not.toBe("");
        expect(outcome.readyState).toBeGreaterThanOrEqual(2);
        expect(outcome.currentTime).toBeGreaterThan(0);
        expect([outcome.videoWidth, outcome.videoHeight]).toEqual([64, 48]);
        expect(outcome.title).toBe("a fox <in> the snow");
        expect(outcome.ogVideo).toBe(link.videoUrl);
        expect(outcome.styled, "the CSP blocked the page's own style").toBe("rgb(17, 17, 17)");
      } finally {
        await browser.close();
      }
      const served = logs.lines.map((line) => JSON.parse(line) as { route?: string; status?: number });
      expect(served.some((entry) => entry.route === "video" && entry.status === 206)).toBe(true);
    },
  );
});
