import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { chromiumPath, launchChromium } from "../links/chromium.js";
import { type World, resultMessages, startWorld, testImage, until } from "./harness.js";

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const MiB = 1024 * 1024;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

async function makeVideo(w: World) {
  const image = w.discord.addAttachment("fox.png", await testImage(), "image/png");
  w.discord.sendSlashCommand({ name: "i2v", options: { image, prompt: "a big fox", duration: 1 } });
  await until(() => resultMessages(w.discord).length === 1);
  return resultMessages(w.discord)[0]!;
}

const inCi = !!process.env["CI"] && !["false", "0"].includes(process.env["CI"]!);

/** A video too big for the upload limit in both encodes: its link arrives, unfurls and serves ranges. */
async function linkedVideo(): Promise<string> {
  const port = await freePort();
  world = await startWorld({
    comfy: { stepDelayMs: 2, videoBytes: (node) => (node === "16" ? 12 * MiB : 11 * MiB) },
    discord: { rateLimits: "off" },
    env: { PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, LINK_PORT: String(port) },
  });
  const result = await makeVideo(world);
  expect(result.attachments).toEqual([]);
  const link = /(http:\/\/127\.0\.0\.1:\d+\/v\/[A-Za-z0-9_-]{43})/.exec(result.content)?.[1];
  expect(link, result.content).toBeDefined();
  expect(JSON.stringify(result.embeds)).toMatch(/link to the full quality/);

  const page = await (await fetch(link!)).text();
  expect(page).toContain('property="og:video"');
  expect(page).toContain('property="og:video:type" content="video/mp4"');
  const video = await fetch(`${link}.mp4`, { headers: { range: "bytes=0-7" } });
  expect(video.status).toBe(206);
  expect(
    Buffer.from(await video.arrayBuffer())
      .subarray(4, 8)
      .toString("latin1"),
  ).toBe("ftyp");

  return link!;
}

describe("delivery by size", () => {
  it("GIVEN a video over the channel's 10 MiB limit whose compact encode fits THEN the compact encode is attached and the message says so", async () => {
    world = await startWorld({
      comfy: { stepDelayMs: 2, videoBytes: (node) => (node === "16" ? 12 * MiB : 3 * MiB) },
      discord: { rateLimits: "off" },
    });
    const result = await makeVideo(world);
    expect(result.attachments).toHaveLength(1);
    const video = result.attachments[0]!;
    expect(video.size).toBe(3 * MiB);
    expect(video.bytes.subarray(4, 8).toString("latin1")).toBe("ftyp");
    expect(JSON.stringify(result.embeds)).toMatch(/compact version/);
    expect(JSON.stringify(result.embeds)).toMatch(/12\.0 MiB/);
  });

  it("GIVEN a video too big for the limit in both encodes THEN a link arrives whose page unfurls", async () => {
    await linkedVideo();
  });

  // CI always plays the page (.ci/run installs chromium; launching fails the test if it is missing);
  // a developer machine without a browser reports this test as skipped.
  it.skipIf(!existsSync(chromiumPath) && !inCi)(
    "GIVEN the link of a video too big to upload THEN its page plays in Chromium",
    async () => {
      const link = await linkedVideo();
      const browser = await launchChromium();
      try {
        const outcome = (await browser.evaluateIn(
          link!,
          `(async () => {
          const video = document.querySelector("video");
          const until = (done, ms) => new Promise((resolve) => {
            const stop = Date.now() + ms;
            const tick = () => (done() || Date.now() > stop ? resolve(done()) : setTimeout(tick, 25));
            tick();
          });
          await until(() => video.readyState >= 1 || video.error !== null, 10000);
          video.muted = true;
          await video.play().catch(() => undefined);
          await until(() => (video.readyState >= 2 && video.currentTime > 0) || video.error !== null, 10000);
          return { readyState: video.readyState, currentTime: video.currentTime, error: video.error && video.error.code };
        })()`,
        )) as { readyState: number; currentTime: number; error: number | null };
        expect(outcome.error).toBeNull();
        expect(outcome.readyState).toBeGreaterThanOrEqual(2);
        expect(outcome.currentTime).toBeGreaterThan(0);
      } finally {
        await browser.close();
      }
    },
  );
});

describe("no result lost to size", () => {
  it("GIVEN a 12 MiB video in a 10 MiB channel whose compact encode is still too big and no link server THEN ComfyUI writes it again smaller, that version is posted under the limit and the message says so", async () => {
    world = await startWorld({
      comfy: {
        stepDelayMs: 2,
        videoBytes: (node) => (node === "16" ? 12 * MiB : node === "20" ? 11 * MiB : undefined),
      },
      discord: { rateLimits: "off" },
    });
    const w = world;
    const result = await makeVideo(w);
    expect(result.attachments).toHaveLength(1);
    const video = result.attachments[0]!;
    expect(video.size).toBeLessThanOrEqual(10 * MiB);
    expect(video.size).toBeGreaterThan(0);
    expect(video.bytes.subarray(4, 8).toString("latin1")).toBe("ftyp");
    expect(JSON.stringify(result.embeds)).toMatch(/a smaller version was posted/);
    expect(JSON.stringify(result.embeds)).toMatch(/12\.0 MiB/);

    // The second prompt loads the uploaded full video and writes it again at a higher CRF.
    type Prompt = Record<string, { class_type: string; inputs: Record<string, unknown> }>;
    const prompts = w.comfy.prompts.map((p) => (p.body as { prompt: Prompt }).prompt);
    expect(prompts).toHaveLength(2);
    const shrink = prompts[1]!;
    expect(shrink["1"]).toMatchObject({ class_type: "VHS_LoadVideo" });
    expect(shrink["2"]).toMatchObject({ class_type: "VHS_VideoCombine", inputs: { images: ["1", 0] } });
    expect(Number(shrink["2"]!.inputs["crf"])).toBeGreaterThan(31);
  }, 60_000);
});
