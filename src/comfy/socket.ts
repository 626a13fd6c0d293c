import WebSocket from "ws";

import type { Logger } from "../logger.js";
import { type BackoffOptions, createBackoff } from "./backoff.js";
import { createEmitter } from "./emitter.js";
import { createHeartbeat } from "./heartbeat.js";
import { ComfyError } from "./errors.js";
import { parseBinaryFrame } from "./binary-frames.js";
import { type ComfyFrame, type ParsedFrame, parseTextFrame, type PreviewFrame } from "./frames.js";
import { realClock, type Clock } from "../clock.js";

export type SocketFactory = (url: string) => WebSocket;

export type ComfySocketEvents = {
  /** The first successful connection. */
  open: () => void;
  /** Every later successful connection; nothing sent meanwhile is replayed. */
  reconnected: () => void;
  /** The link dropped; a reconnect is scheduled. */
  disconnected: (info: { code: number; reason: string }) => void;
  /** After `close()`; final. */
  closed: () => void;
  frame: (frame: ComfyFrame) => void;
  preview: (preview: PreviewFrame) => void;
};

export interface ComfySocketOptions {
  baseUrl: string;
  /** One stable id per process: ComfyUI routes a prompt's events to the socket with its client_id. */
  clientId: string;
  factory?: SocketFactory | undefined;
  scheduler?: Clock | undefined;
  logger?: Logger | undefined;
  backoff?: BackoffOptions | undefined;
  /** How often to ping; a link that has not answered the previous ping by then is dead. Default 15 s. */
  pingIntervalMs?: number | undefined;
  /** How long a clean close may take before the socket is destroyed. Default 1 s. */
  closeGraceMs?: number | undefined;
}

export interface ComfySocket {
  readonly clientId: string;
  readonly connected: boolean;
  /** Starts connecting (idempotent). */
  start(): void;
  /** Resolves once connected; UNREACHABLE after `timeoutMs`, DISCONNECTED if closed meanwhile. */
  waitOpen(timeoutMs: number): Promise<void>;
  on<K extends keyof ComfySocketEvents>(event: K, listener: ComfySocketEvents[K]): () => void;
  /** Stops pings and reconnects and closes the link; resolves after `closed` was emitted. */
  close(): Promise<void>;
}

export function socketUrl(baseUrl: string, clientId: string): string {
  const url = new URL(baseUrl);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/ws`;
  url.search = new URLSearchParams({ clientId }).toString();
  return url.toString();
}

const defaultFactory: SocketFactory = (url) => new WebSocket(url, { perMessageDeflate: false });

export function createComfySocket(options: ComfySocketOptions): ComfySocket {
  const url = socketUrl(options.baseUrl, options.clientId);
  const factory = options.factory ?? defaultFactory;
  const scheduler = options.scheduler ?? realClock;
  const log = options.logger;
  const backoff = createBackoff(options.backoff);
  const pingIntervalMs = options.pingIntervalMs ?? 15_000;
  const closeGraceMs = options.closeGraceMs ?? 1_000;
  const events = createEmitter<ComfySocketEvents>((err) =>
    log?.error({ err }, "comfy socket listener failed"),
  );

  let current: WebSocket | undefined;
  let isOpen = false;
  let everOpened = false;
  let started = false;
  let closing = false;
  let closedEmitted = false;
  let reconnectTimer: unknown;
  let graceTimer: unknown;
  const heartbeat = createHeartbeat(scheduler, pingIntervalMs, () => {
    log?.warn("comfy socket missed a pong; reconnecting");
    if (current) retire(current);
  });

  function connect(): void {
    reconnectTimer = undefined;
    const ws = factory(url);
    current = ws;
    ws.on("open", () => ws === current && onOpen(ws));
    ws.on("message", (data, isBinary) => ws === current && onMessage(data, isBinary));
    ws.on("pong", () => ws === current && heartbeat.pong());
    ws.on("error", (err) => log?.debug({ err }, "comfy socket error"));
    ws.on("close", (code, reason) => ws === current && onClose(code, reason.toString()));
  }

  function onOpen(ws: WebSocket): void {
    isOpen = true;
    backoff.reset();
    // Must be the first text frame: the server reads feature flags from no other.
    ws.send(JSON.stringify({ type: "feature_flags", data: { supports_preview_metadata: true } }));
    heartbeat.start(ws);
    const wasReconnect = everOpened;
    everOpened = true;
    events.emit(wasReconnect ? "reconnected" : "open");
  }

  function onMessage(data: WebSocket.RawData, isBinary: boolean): void {
    const parsed: ParsedFrame = isBinary ? parseBinaryFrame(toBuffer(data)) : parseTextFrame(data.toString());
    if (parsed.kind === "json") {
      const { frame } = parsed;
      if (frame.type === "status" && frame.data.sid !== undefined && frame.data.sid !== options.clientId) {
        log?.warn({ sid: frame.data.sid }, "comfy socket got a session id other than its client id");
      }
      events.emit("frame", frame);
    } else if (parsed.kind === "preview") {
      events.emit("preview", parsed);
    } else if (parsed.kind === "ignored") {
      log?.trace({ reason: parsed.reason }, "comfy frame ignored");
    }
  }

  function onClose(code: number, reason: string): void {
    const wasOpen = isOpen;
    isOpen = false;
    current = undefined;
    heartbeat.stop();
    clear("grace");
    if (closing) return emitClosed();
    if (wasOpen) events.emit("disconnected", { code, reason });
    const delay = backoff.next();
    log?.debug({ delay, attempt: backoff.attempts }, "comfy socket reconnect scheduled");
    reconnectTimer = scheduler.setTimeout(connect, delay);
  }

  /**
   * Closes a socket before any new one is opened. ComfyUI drops the routing entry of a client id when
   * its old handler ends, so a half-open old socket could later silence the new one (PROTOCOL §5.1).
   */
  function retire(ws: WebSocket): void {
    ws.close(1000, closing ? "client closing" : "reconnecting");
    graceTimer = scheduler.setTimeout(() => {
      graceTimer = undefined;
      ws.terminate();
    }, closeGraceMs);
  }

  function clear(timer: "grace" | "reconnect"): void {
    const handle = timer === "grace" ? graceTimer : reconnectTimer;
    if (handle !== undefined) scheduler.clearTimeout(handle);
    if (timer === "grace") graceTimer = undefined;
    else reconnectTimer = undefined;
  }

  function emitClosed(): void {
    if (closedEmitted) return;
    closedEmitted = true;
    events.emit("closed");
  }

  return {
    clientId: options.clientId,
    get connected() {
      return isOpen;
    },
    start() {
      if (started || closing) return;
      started = true;
      connect();
    },
    waitOpen(timeoutMs) {
      if (isOpen) return Promise.resolve();
      if (closing) return Promise.reject(new ComfyError("DISCONNECTED"));
      this.start();
      return new Promise((resolve, reject) => {
        const done = (error?: ComfyError) => {
          scheduler.clearTimeout(timer);
          for (const off of offs) off();
          if (error) reject(error);
          else resolve();
        };
        const offs = [
          events.on("open", () => done()),
          events.on("reconnected", () => done()),
          events.on("closed", () => done(new ComfyError("DISCONNECTED"))),
        ];
        const timer = scheduler.setTimeout(
          () => done(new ComfyError("UNREACHABLE", { diagnostics: { socket: "no connection", timeoutMs } })),
          timeoutMs,
        );
      });
    },
    on: (event, listener) => events.on(event, listener),
    close() {
      const done = new Promise<void>((resolve) => {
        if (closedEmitted) return resolve();
        events.on("closed", () => resolve());
      });
      if (closing) return done;
      closing = true;
      clear("reconnect");
      heartbeat.stop();
      if (current) retire(current);
      else emitClosed();
      return done;
    },
  };
}

function toBuffer(data: WebSocket.RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
