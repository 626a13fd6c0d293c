import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { downloadDiscordImage } from "../../src/discord/attachment-intake.js";
import { loadConfig } from "../../src/config.js";
import { isUserError } from "../../src/errors.js";
import { testImage } from "../e2e/harness.js";

let server: Server | undefined;
afterEach(async () => {
  await new Promise((done) => (server ? server.close(done) : done(undefined)));
  server = undefined;
});

/** A CDN that sends `bytes` for every path, without a Content-Length (chunked). */
async function cdn(bytes: Buffer): Promise<string> {
  server = createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "image/png" });
    res.write(bytes.subarray(0, 10));
    res.end(bytes.subarray(10));
  });
  await new Promise<void>((done) => server!.listen(0, "127.0.0.1", done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/attachments/1/2/in.png`;
}

const config = loadConfig({ ATTACHMENT_HOSTS: "127.0.0.1" });

describe("the declared attachment size", () => {
  it("GIVEN a file that sends more bytes than Discord declared THEN the download stops at the declared size", async () => {
    const png = await testImage(64, 64);
    const url = await cdn(Buffer.concat([png, Buffer.alloc(50_000)]));
    const error = await downloadDiscordImage({ url, size: png.length }, config).catch((e: unknown) => e);
    expect(isUserError(error)).toBe(true);
    expect((error as Error).message).toMatch(/too (big|large)/i);
  });

  it("GIVEN a negative declared size THEN it is ignored, not a schema error", async () => {
    const png = await testImage(64, 64);
    const url = await cdn(png);
    const bytes = await downloadDiscordImage({ url, size: -5 }, config);
    expect(bytes.equals(png)).toBe(true);
  });
});
