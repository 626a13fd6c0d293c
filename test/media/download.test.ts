import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Agent } from "undici";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { downloadImage, type DownloadImageOptions } from "../../src/media/download.js";
import { corpus } from "./corpus.js";

const SECRET = "hm=signature-never-shown";
let server: Server;
let base: string;
let png: Buffer;
const requests: string[] = [];
let capped: { bytesSent: number; finished: boolean } | undefined;

const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
  "/ok.png": (_req, res) => res.writeHead(200, { "content-type": "image/png" }).end(png),
  "/untyped": (_req, res) => res.writeHead(200).end(png),
  "/page.html": (_req, res) => res.writeHead(200, { "content-type": "text/html" }).end("<html></html>"),
  "/gone": (_req, res) => res.writeHead(404).end(),
  "/broken": (_req, res) => res.writeHead(500).end(),
  "/declares-huge": (_req, res) =>
    res
      .writeHead(200, { "content-type": "image/png", "content-length": String(50 * 1024 * 1024) })
      .flushHeaders(),
  "/endless": (_req, res) => {
    // No content-length: only counting while streaming can stop this one.
    res.writeHead(200, { "content-type": "image/png" });
    const state = { bytesSent: 0, finished: false };
    capped = state;
    const chunk = Buffer.alloc(16 * 1024, 7);
    const pump = () => {
      while (!res.destroyed && state.bytesSent < 64 * 1024 * 1024) {
        state.bytesSent += chunk.length;
        if (!res.write(chunk)) return void res.once("drain", pump);
      }
      if (!res.destroyed) res.end(() => (state.finished = true));
    };
    pump();
  },
  "/slow-headers": () => undefined,
  "/slow-body": (_req, res) => res.writeHead(200, { "content-type": "image/png" }).write(png.subarray(0, 10)),
  "/hop": (_req, res) => res.writeHead(302, { location: `/ok.png?${SECRET}` }).end(),
  "/hop-away": (req, res) =>
    res.writeHead(302, { location: `http://localhost:${req.socket.localPort}/ok.png` }).end(),
  "/loop": (_req, res) => res.writeHead(302, { location: "/loop" }).end(),
};

beforeAll(async () => {
  png = await corpus.png();
  server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    requests.push(path);
    (routes[path] ?? ((_q, r) => r.writeHead(404).end()))(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await dispatcher.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  requests.length = 0;
});

const dispatcher = new Agent({ keepAliveTimeout: 100 });
const options = (extra: Partial<DownloadImageOptions> = {}): DownloadImageOptions => ({
  allowedHosts: ["127.0.0.1"],
  maxBytes: 1024 * 1024,
  timeoutMs: 2_000,
  dispatcher,
  ...extra,
});

async function refusal(url: string, extra: Partial<DownloadImageOptions> = {}): Promise<UserError> {
  const error = await downloadImage(url, options(extra)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  const userError = error as UserError;
  expect(userError.message).not.toMatch(/127\.0\.0\.1|localhost|example|signature|hm=/);
  return userError;
}

describe("downloadImage", () => {
  it("GIVEN an allowed loopback host THEN the exact bytes arrive", async () => {
    expect(await downloadImage(`${base}/ok.png?${SECRET}`, options())).toEqual(png);
  });

  it("GIVEN no content-type or a same-host redirect THEN the image still arrives", async () => {
    expect(await downloadImage(`${base}/untyped`, options())).toEqual(png);
    expect(await downloadImage(`${base}/hop`, options())).toEqual(png);
    expect(requests).toEqual(["/untyped", "/hop", "/ok.png"]);
  });

  it.each([
    ["another host", "http://localhost:1/ok.png", "IMAGE_HOST_NOT_ALLOWED"],
    ["a look-alike host", "https://127.0.0.1.example.com/ok.png", "IMAGE_HOST_NOT_ALLOWED"],
    ["plain http to a non-loopback host", "http://cdn.discordapp.com/a.png", "IMAGE_HOST_NOT_ALLOWED"],
    ["credentials in the link", "http://user:pw@127.0.0.1/ok.png", "IMAGE_HOST_NOT_ALLOWED"],
    ["a non-web scheme", "file:///etc/passwd", "IMAGE_HOST_NOT_ALLOWED"],
    ["not a link at all", "not a url", "IMAGE_URL_INVALID"],
  ])("GIVEN %s THEN it is refused before any request", async (_label, url, code) => {
    const error = await refusal(`${url}?${SECRET}`, { allowedHosts: ["127.0.0.1", "cdn.discordapp.com"] });
    expect(error.code).toBe(code);
    expect(requests).toEqual([]);
  });

  it("GIVEN the real server on a host that is not listed THEN no request reaches it", async () => {
    const port = (server.address() as AddressInfo).port;
    expect((await refusal(`http://localhost:${port}/ok.png`)).code).toBe("IMAGE_HOST_NOT_ALLOWED");
    expect(requests).toEqual([]);
  });

  it("GIVEN a declared size over the cap or a declared non-image type THEN nothing is downloaded", async () => {
    const tooBig = await refusal(`${base}/ok.png`, { declaredSize: 2 * 1024 * 1024 });
    expect(tooBig.code).toBe("IMAGE_TOO_LARGE");
    expect(tooBig.message).toContain("1 MB");
    const notImage = await refusal(`${base}/ok.png`, { declaredContentType: "text/html; charset=utf-8" });
    expect(notImage.code).toBe("IMAGE_NOT_AN_IMAGE");
    expect((await refusal(`${base}/ok.png`, { declaredSize: 0 })).code).toBe("IMAGE_EMPTY");
    expect(requests).toEqual([]);
  });

  it("GIVEN a declared image size under the cap THEN it downloads", async () => {
    const bytes = await downloadImage(`${base}/ok.png`, {
      ...options(),
      declaredSize: png.length,
      declaredContentType: "image/png",
    });
    expect(bytes).toEqual(png);
  });

  it("GIVEN a body larger than the cap THEN the transfer is cut off early", async () => {
    const error = await refusal(`${base}/endless`, { maxBytes: 256 * 1024 });
    expect(error.code).toBe("IMAGE_TOO_LARGE");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(capped?.finished).toBe(false);
    expect(capped?.bytesSent).toBeLessThan(64 * 1024 * 1024);
  });

  it("GIVEN a content-length over the cap THEN it is refused without reading the body", async () => {
    expect((await refusal(`${base}/declares-huge`)).code).toBe("IMAGE_TOO_LARGE");
  });

  it.each(["/slow-headers", "/slow-body"])(
    "GIVEN a server stalling at %s THEN the download times out",
    async (path) => {
      const error = await refusal(`${base}${path}`, { timeoutMs: 300 });
      expect(error.code).toBe("IMAGE_DOWNLOAD_TIMEOUT");
      expect(error.message).toContain("1 s");
    },
  );

  it.each([
    ["/page.html", "IMAGE_NOT_AN_IMAGE"],
    ["/gone", "IMAGE_UNAVAILABLE"],
    ["/broken", "IMAGE_DOWNLOAD_FAILED"],
    ["/hop-away", "IMAGE_REDIRECT_NOT_ALLOWED"],
    ["/loop", "IMAGE_DOWNLOAD_FAILED"],
  ])("GIVEN the server answers %s THEN it is refused with %s", async (path, code) => {
    expect((await refusal(`${base}${path}`)).code).toBe(code);
    expect(requests).not.toContain("/ok.png");
  });

  it("GIVEN the caller cancels THEN its own reason comes back, not a user refusal", async () => {
    const controller = new AbortController();
    const reason = new Error("job cancelled");
    const pending = downloadImage(`${base}/slow-body`, { ...options(), signal: controller.signal });
    setTimeout(() => controller.abort(reason), 20);
    await expect(pending).rejects.toBe(reason);
  });
});
