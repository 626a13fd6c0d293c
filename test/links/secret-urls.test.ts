import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLinkServer } from "../../src/links/server.js";
import { type ServedLinks, startServedLinks } from "./served-links.js";

let served: ServedLinks;
beforeAll(async () => {
  served = await startServedLinks();
});
afterAll(() => served.close());

describe("secret link URLs", () => {
  it("GIVEN a link page or its video THEN no shared cache may keep it (private, never public)", async () => {
    const page = await served.get(`/v/${served.tiny.link.token}`);
    const video = await served.get(`/v/${served.tiny.link.token}.mp4`);
    for (const res of [page, video]) {
      expect(res.status).toBe(200);
      expect(String(res.headers["cache-control"])).toMatch(/private/);
      expect(String(res.headers["cache-control"])).not.toMatch(/public/);
    }
  });

  it("GIVEN more open connections than the cap THEN the extra ones are closed at once", async () => {
    const server = await startLinkServer({
      registry: served.registry,
      host: "127.0.0.1",
      port: 0,
      logger: served.logs.logger,
      sweepEveryMs: 0,
      maxConnections: 2,
    });
    const { port } = new URL(server.url);
    const open = (): Promise<{ closedQuickly: boolean; destroy(): void }> =>
      new Promise((resolve) => {
        const socket = connect(Number(port), "127.0.0.1", () => {
          const timer = setTimeout(
            () => resolve({ closedQuickly: false, destroy: () => socket.destroy() }),
            300,
          );
          socket.once("close", () => {
            clearTimeout(timer);
            resolve({ closedQuickly: true, destroy: () => undefined });
          });
        });
        socket.on("error", () => undefined);
      });
    const first = await open();
    const second = await open();
    const third = await open();
    expect([first.closedQuickly, second.closedQuickly, third.closedQuickly]).toEqual([false, false, true]);
    for (const s of [first, second, third]) s.destroy();
    await server.close();
  });
});
