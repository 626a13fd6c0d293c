import { afterEach, describe, expect, it, vi } from "vitest";

import { isComfyError } from "../../src/comfy/errors.js";
import type { ComfyFrame, PreviewFrame } from "../../src/comfy/frames.js";
import { type ComfySocket, createComfySocket, socketUrl } from "../../src/comfy/socket.js";
import { FakeScheduler } from "./support/fake-scheduler.js";
import { isBinaryRecord, loadTrace, synthesizeBinary } from "./support/traces.js";
import { startWsServer, type WsTestServer } from "./support/ws-server.js";

const CLIENT_ID = "bot-7f3c";
let server: WsTestServer | undefined;
let socket: ComfySocket | undefined;

afterEach(async () => {
  await socket?.close();
  await server?.close();
  socket = undefined;
  server = undefined;
});

function open(base: string, scheduler: FakeScheduler, pingIntervalMs = 15_000): ComfySocket {
  socket = createComfySocket({
    baseUrl: base,
    clientId: CLIENT_ID,
    scheduler,
    pingIntervalMs,
    backoff: { initialMs: 100, maxMs: 1_000, random: () => 0.5 },
  });
  return socket;
}

describe("socketUrl", () => {
  it("GIVEN http and https bases THEN it builds ws(s)://host/ws?clientId=…", () => {
    expect(socketUrl("http://gpu:8188", "a b")).toBe("ws://gpu:8188/ws?clientId=a+b");
    expect(socketUrl("https://comfy.example/prefix/", "x")).toBe("wss://comfy.example/prefix/ws?clientId=x");
  });
});

describe("ComfySocket", () => {
  it("GIVEN a server THEN it connects with its client id, sends feature_flags first and emits parsed frames", async () => {
    server = await startWsServer();
    const trace = loadTrace("ws-success-feature-flags");
    server.onConnection(({ ws }) => {
      for (const message of trace.messages.slice(0, 12)) {
        ws.send(isBinaryRecord(message) ? synthesizeBinary(message) : JSON.stringify(message));
      }
      ws.send(JSON.stringify({ type: "logs", data: { entries: [] } }));
    });
    const s = open(server.baseUrl, new FakeScheduler());
    const frames: ComfyFrame[] = [];
    const previews: PreviewFrame[] = [];
    const opened = vi.fn();
    s.on("frame", (f) => frames.push(f));
    s.on("preview", (p) => previews.push(p));
    s.on("open", opened);
    await s.waitOpen(5_000);
    const expected = trace.messages.slice(0, 12);
    await vi.waitFor(() => expect(frames.length + previews.length).toBe(expected.length));
    expect(server.connections[0]?.url).toBe(`/ws?clientId=${CLIENT_ID}`);
    await vi.waitFor(() =>
      expect(server?.connections[0]?.received[0]).toBe(
        JSON.stringify({ type: "feature_flags", data: { supports_preview_metadata: true } }),
      ),
    );
    expect(frames.map((f) => f.type)).toEqual(expected.filter((m) => !isBinaryRecord(m)).map((m) => m.type));
    expect(previews[0]?.metadata?.prompt_id).toBe(trace.prompt_id);
    expect(opened).toHaveBeenCalledTimes(1);
    expect(s.connected).toBe(true);
  });

  it("GIVEN the server drops the link THEN it reconnects after a backoff delay on the scheduler", async () => {
    server = await startWsServer();
    const scheduler = new FakeScheduler();
    const s = open(server.baseUrl, scheduler);
    const disconnected = vi.fn();
    const reconnected = vi.fn();
    s.on("disconnected", disconnected);
    s.on("reconnected", reconnected);
    await s.waitOpen(5_000);
    server.connections[0]?.ws.terminate();
    await vi.waitFor(() => expect(disconnected).toHaveBeenCalledTimes(1));
    expect(s.connected).toBe(false);
    expect(server.connections).toHaveLength(1);
    expect(scheduler.pending).toContain(75);
    scheduler.advance(75);
    await vi.waitFor(() => expect(reconnected).toHaveBeenCalledTimes(1));
    await vi.waitFor(() => expect(server?.connections[1]?.received[0]).toContain("feature_flags"));
  });

  it("GIVEN a link that stops answering pings THEN the old socket is closed cleanly before a new one opens", async () => {
    server = await startWsServer({ autoPong: false });
    const scheduler = new FakeScheduler();
    const s = open(server.baseUrl, scheduler, 1_000);
    const reconnected = vi.fn();
    s.on("reconnected", reconnected);
    await s.waitOpen(5_000);
    scheduler.advance(1_000); // first ping goes out
    scheduler.advance(1_000); // no pong by the next tick: the link is dead
    await vi.waitFor(() => expect(server?.log).toContain("close 0 1000"));
    await vi.waitFor(() => expect(scheduler.pending.length).toBeGreaterThan(0));
    scheduler.runNext();
    await vi.waitFor(() => expect(reconnected).toHaveBeenCalledTimes(1));
    expect(server.log.slice(0, 3)).toEqual(["open 0", "close 0 1000", "open 1"]);
  });

  it("GIVEN close() THEN it emits closed, closes with 1000 and never reconnects", async () => {
    server = await startWsServer();
    const scheduler = new FakeScheduler();
    const s = open(server.baseUrl, scheduler);
    const closed = vi.fn();
    s.on("closed", closed);
    await s.waitOpen(5_000);
    await s.close();
    expect(closed).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(server?.connections[0]?.closeCode).toBe(1000));
    scheduler.advance(60_000);
    expect(server.connections).toHaveLength(1);
    expect(scheduler.pending).toEqual([]);
  });

  it("GIVEN close() while a reconnect is waiting THEN the reconnect is cancelled", async () => {
    server = await startWsServer();
    const scheduler = new FakeScheduler();
    const s = open(server.baseUrl, scheduler);
    await s.waitOpen(5_000);
    server.connections[0]?.ws.terminate();
    await vi.waitFor(() => expect(scheduler.pending.length).toBe(1));
    await s.close();
    expect(scheduler.pending).toEqual([]);
    scheduler.advance(60_000);
    expect(server.connections).toHaveLength(1);
  });

  it("GIVEN no server THEN waitOpen fails with UNREACHABLE and retries keep backing off", async () => {
    const gone = await startWsServer();
    await gone.close();
    const scheduler = new FakeScheduler();
    const s = open(gone.baseUrl, scheduler);
    const waiting = s.waitOpen(60_000).catch((e: unknown) => e);
    const delays: number[] = [];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await vi.waitFor(() => expect(scheduler.pending.filter((d) => d < 5_000).length).toBe(1));
      const delay = scheduler.pending.find((d) => d < 5_000) ?? 0;
      delays.push(delay);
      scheduler.advance(delay);
    }
    expect(delays).toEqual([75, 150, 300]);
    scheduler.advance(60_000);
    const error = await waiting;
    expect(isComfyError(error, "UNREACHABLE")).toBe(true);
  });
});
