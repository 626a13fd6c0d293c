import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IssuedLink } from "../../src/links/registry.js";
import { type ServedLinks, startServedLinks } from "./served-links.js";
import { observable, previewJpg } from "./support.js";

let served: ServedLinks;
beforeAll(async () => {
  served = await startServedLinks();
});
afterAll(() => served.close());

const get = (path: string, headers: Record<string, string> = {}, method = "GET") =>
  served.get(path, headers, method);
const videoPath = (link: IssuedLink) => `/v/${link.token}.mp4`;

describe("serving a video", () => {
  it("GIVEN a plain GET THEN the whole file arrives as video/mp4 with its length and range support", async () => {
    const res = await get(videoPath(served.tiny.link));
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("video/mp4");
    expect(res.headers["content-length"]).toBe(String(served.tiny.bytes.length));
    expect(res.headers["accept-ranges"]).toBe("bytes");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["referrer-policy"]).toBe("no-referrer");
    expect(res.body.equals(served.tiny.bytes)).toBe(true);
  });

  it("GIVEN a HEAD THEN the headers match a GET and no body comes", async () => {
    const head = await get(videoPath(served.big.link), {}, "HEAD");
    const full = await get(videoPath(served.big.link));
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers["content-length"]).toBe(String(served.big.bytes.length));
    expect(observable(head).headers).toEqual(observable(full).headers);
    const partial = await get(videoPath(served.big.link), { range: "bytes=10-19" }, "HEAD");
    expect([partial.status, partial.headers["content-range"], partial.body.length]).toEqual([
      206,
      `bytes 10-19/${served.big.bytes.length}`,
      0,
    ]);
  });

  const size = () => served.big.bytes.length;
  const ranges: Array<[string, string, () => [number, number]]> = [
    ["first bytes", "bytes=0-99", () => [0, 99]],
    ["a single byte", "bytes=0-0", () => [0, 0]],
    ["the middle, across read chunks", "bytes=100000-700000", () => [100_000, 700_000]],
    ["a suffix", "bytes=-100", () => [size() - 100, size() - 1]],
    ["an open end", "bytes=100-", () => [100, size() - 1]],
    ["the last byte", `bytes=-1`, () => [size() - 1, size() - 1]],
    ["an end past the file", "bytes=3000000-99999999", () => [3_000_000, size() - 1]],
    ["a suffix longer than the file", "bytes=-99999999", () => [0, size() - 1]],
  ];
  it.each(ranges)(
    "GIVEN a range for %s THEN 206 brings exactly those bytes",
    async (_name, header, expected) => {
      const [start, end] = expected();
      const res = await get(videoPath(served.big.link), { range: header });
      expect(res.status).toBe(206);
      expect(res.headers["content-range"]).toBe(`bytes ${start}-${end}/${size()}`);
      expect(res.headers["content-length"]).toBe(String(end - start + 1));
      expect(res.headers["content-type"]).toBe("video/mp4");
      expect(res.body.equals(served.big.bytes.subarray(start, end + 1))).toBe(true);
    },
  );

  it.each([["bytes=99999999-"], ["bytes=99999999-100000000"], ["bytes=-0"]])(
    "GIVEN an unsatisfiable range %s THEN 416 names the real size",
    async (header) => {
      const res = await get(videoPath(served.tiny.link), { range: header });
      expect(res.status).toBe(416);
      expect(res.headers["content-range"]).toBe(`bytes */${served.tiny.bytes.length}`);
      expect(res.body.length).toBe(0);
    },
  );

  it.each([["bytes=5-2"], ["bytes=0-1,5-6"], ["items=0-5"], ["bytes=abc"], ["bytes=-"]])(
    "GIVEN a range the server does not honour (%s) THEN the whole file comes with 200",
    async (header) => {
      const res = await get(videoPath(served.tiny.link), { range: header });
      expect(res.status).toBe(200);
      expect(res.body.equals(served.tiny.bytes)).toBe(true);
    },
  );

  it("GIVEN If-Range with a stale validator THEN the whole file comes; with the current ETag THEN the range", async () => {
    const { headers } = await get(videoPath(served.tiny.link), {}, "HEAD");
    const etag = String(headers.etag);
    const stale = await get(videoPath(served.tiny.link), { range: "bytes=0-9", "if-range": '"stale"' });
    const fresh = await get(videoPath(served.tiny.link), { range: "bytes=0-9", "if-range": etag });
    expect([stale.status, stale.body.length]).toEqual([200, served.tiny.bytes.length]);
    expect([fresh.status, fresh.body.equals(served.tiny.bytes.subarray(0, 10))]).toEqual([206, true]);
    expect((await get(videoPath(served.tiny.link), { "if-none-match": etag })).status).toBe(304);
  });

  it("GIVEN a link with a poster THEN the poster is served as a JPEG", async () => {
    const res = await get(`/v/${served.withPoster.token}.jpg`);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("image/jpeg");
    expect(res.body.equals(readFileSync(previewJpg))).toBe(true);
  });
});
