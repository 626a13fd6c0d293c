import { createHash } from "node:crypto";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hour, meta, publicBaseUrl, type ServedLinks, startServedLinks } from "./served-links.js";
import { copyInto, observable, tinyMp4 } from "./support.js";

let served: ServedLinks;
beforeAll(async () => {
  served = await startServedLinks();
});
afterAll(() => served.close());

const get = (path: string, headers: Record<string, string> = {}, method = "GET") =>
  served.get(path, headers, method);

describe("the page Discord unfurls", () => {
  const metaTags = (html: string) =>
    [...html.matchAll(/<meta (?:property|name)="([^"]+)" content="([^"]*)">/g)].map(
      (m) => [m[1], m[2]] as const,
    );

  it("GIVEN a link THEN its page carries Open Graph video tags with absolute public URLs and a playable element", async () => {
    const res = await get(`/v/${served.withPoster.token}`);
    const html = res.body.toString();
    const tags = new Map(metaTags(html));
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(tags.get("og:type")).toBe("video.other");
    expect(tags.get("og:title")).toBe("a fox");
    expect(tags.get("og:url")).toBe(served.withPoster.pageUrl);
    for (const key of [
      "og:video",
      "og:video:url",
      "og:video:secure_url",
      "twitter:player",
      "twitter:player:stream",
    ]) {
      expect(tags.get(key), key).toBe(`${publicBaseUrl}/v/${served.withPoster.token}.mp4`);
    }
    expect(tags.get("og:video:type")).toBe("video/mp4");
    expect([tags.get("og:video:width"), tags.get("og:video:height")]).toEqual(["64", "48"]);
    expect(tags.get("og:image")).toBe(`${publicBaseUrl}/v/${served.withPoster.token}.jpg`);
    expect(tags.get("twitter:card")).toBe("player");
    expect(html).toMatch(/<video controls playsinline preload="metadata" [^>]*src="[A-Za-z0-9_-]{43}\.mp4"/);

    // What an unfurler fetches from og:video is the video itself.
    const ogVideo = new URL(tags.get("og:video") ?? "");
    const fetched = await get(ogVideo.pathname.replace(new URL(publicBaseUrl).pathname, ""));
    expect(fetched.body.equals(served.tiny.bytes)).toBe(true);
  });

  it("GIVEN the page THEN a strict CSP allows its own inline style and media, and nothing else", async () => {
    const res = await get(`/v/${served.tiny.link.token}`);
    const csp = String(res.headers["content-security-policy"]);
    const style = /<style>([^<]*)<\/style>/.exec(res.body.toString())?.[1] ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("media-src 'self'");
    expect(csp).toContain(`'sha256-${createHash("sha256").update(style).digest("base64")}'`);
    expect(csp).not.toMatch(/unsafe|script-src/);
    expect(res.body.toString()).not.toContain("<script");
    expect(metaTags(res.body.toString()).some(([key]) => key === "og:image")).toBe(false);
  });

  it("GIVEN a hostile title THEN it is shown as text and cannot add tags or script", async () => {
    const title = `"><script>alert(1)</script><meta property="og:video" content="https://evil.test/x.mp4"> & 'q'`;
    const link = await served.registry.issue(copyInto(served.dirs.videoDir, tinyMp4, "hostile.mp4"), {
      ...meta,
      title,
    });
    const html = (await get(`/v/${link.token}`)).body.toString();
    expect(html).not.toContain("<script");
    expect(html).not.toContain('evil.test/x.mp4">');
    expect(metaTags(html).filter(([key]) => key === "og:video")).toEqual([["og:video", link.videoUrl]]);
    expect(html).toContain("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&amp; &#39;q&#39;");
  });
});

describe("what the server never reveals", () => {
  it("GIVEN expired, guessed, unknown, traversal and wrong-method requests THEN all get the identical 404", async () => {
    const expiring = await served.registry.issue(copyInto(served.dirs.videoDir, tinyMp4, "expiring.mp4"), {
      ...meta,
      title: "soon gone",
    });
    const vanished = await served.registry.issue(copyInto(served.dirs.videoDir, tinyMp4, "vanished.mp4"), {
      ...meta,
      title: "file deleted",
    });
    rmSync(join(served.dirs.videoDir, "vanished.mp4"));
    const reference = observable(await get("/no-such-page"));
    expect(reference.status).toBe(404);
    expect(reference.headers["cache-control"]).toBe("no-store");
    expect(reference.headers["x-content-type-options"]).toBe("nosniff");

    served.clock.advance(hour - 1);
    const probes: Array<[string, string]> = [
      ["GET", `/v/${"A".repeat(43)}`],
      ["GET", `/v/${"A".repeat(43)}.mp4`],
      ["GET", `/v/${vanished.token}`],
      ["GET", `/v/${vanished.token}.mp4`],
      ["GET", `/v/${served.tiny.link.token}.jpg`],
      ["GET", `/v/${served.tiny.link.token}/`],
      ["GET", `/v/${served.tiny.link.token}.MP4`],
      ["GET", `/v/${served.tiny.link.token}.mp4.mp4`],
      ["GET", `/v/${served.tiny.link.token}%2Emp4`],
      ["GET", `/v/..%2f..%2fetc%2fpasswd`],
      ["GET", `/v/..%2F..%2F..%2Fetc%2Fpasswd.mp4`],
      ["GET", `/v/../../etc/passwd`],
      ["GET", `/v/%2e%2e/%2e%2e/etc/passwd`],
      ["GET", `/v/${served.tiny.link.token}%2f..%2f..%2ftiny.mp4`],
      ["GET", `/v/served.tiny.mp4`],
      ["GET", `/videos/served.tiny.mp4`],
      ["GET", `//v/${served.tiny.link.token}`],
      ["POST", `/v/${served.tiny.link.token}`],
      ["DELETE", `/v/${served.tiny.link.token}.mp4`],
    ];
    served.clock.advance(1);
    probes.push(["GET", `/v/${expiring.token}`], ["GET", `/v/${expiring.token}.mp4`]);
    for (const [method, path] of probes) {
      expect(observable(await get(path, {}, method)), `${method} ${path}`).toEqual(reference);
    }
    const head = await get(`/v/${expiring.token}.mp4`, {}, "HEAD");
    expect([head.status, head.body.length]).toEqual([404, 0]);
    expect(reference.body).not.toMatch(/v\/|\.mp4|videos|Error|at /);
  });

  it("GIVEN all that traffic THEN no log line holds a token", () => {
    const all = served.logs.lines.join("\n");
    for (const token of [served.tiny.link.token, served.big.link.token, served.withPoster.token])
      expect(all).not.toContain(token);
    expect(served.logs.lines.length).toBeGreaterThan(0);
  });

  it("GIVEN /healthz THEN 200 ok", async () => {
    const res = await get("/healthz");
    expect([res.status, res.body.toString()]).toEqual([200, "ok"]);
  });
});
