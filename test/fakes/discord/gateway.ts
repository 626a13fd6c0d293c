import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocket, WebSocketServer, type RawData } from "ws";
import { z } from "zod";
import type { EventLog } from "./events.js";
import type { GatewayDisruption, GatewayIdentify, GatewayResume } from "./index.js";
import { guildCreate, readyPayload } from "./payloads.js";
import type { World } from "./world.js";

const frameSchema = z.looseObject({ op: z.number().int(), d: z.unknown() });
const identifySchema = z.looseObject({
  token: z.string(),
  intents: z.number().int(),
  properties: z.looseObject({}),
  compress: z.boolean().optional(),
  shard: z.tuple([z.number(), z.number()]).optional(),
});
const resumeSchema = z.looseObject({
  token: z.string(),
  session_id: z.string(),
  seq: z.number().int().nullable(),
});

interface Dispatch {
  op: 0;
  t: string;
  s: number;
  d: unknown;
}
interface Session {
  id: string;
  seq: number;
  log: Dispatch[];
  socket: WebSocket | null;
  valid: boolean;
}

export interface GatewayDeps {
  world: World;
  events: EventLog;
  now: () => number;
  heartbeatIntervalMs: number;
  resumeUrl: () => string;
}

/** The gateway over `ws`: plain JSON text frames, one shard, one session (NOTES.md §2.2). */
export class Gateway {
  readonly identifies: GatewayIdentify[] = [];
  readonly resumes: GatewayResume[] = [];
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly authenticated = new WeakSet<WebSocket>();
  private session: Session | null = null;

  constructor(private readonly deps: GatewayDeps) {}

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (!url.pathname.startsWith("/gateway")) {
      socket.destroy();
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, url.searchParams));
  }

  dispatch(t: string, d: unknown, replayable = true): number {
    const session = this.session;
    if (!session) throw new Error("fake Discord: no gateway session (the client has not identified yet)");
    const frame: Dispatch = { op: 0, t, s: ++session.seq, d };
    if (replayable) session.log.push(frame);
    if (session.socket && this.authenticated.has(session.socket)) this.send(session.socket, frame);
    return frame.s;
  }

  disrupt(how: GatewayDisruption): void {
    const socket = this.session?.socket;
    if (!this.session || !socket) throw new Error("fake Discord: no connected gateway session to disrupt");
    if (how === "drop") socket.terminate();
    else if (how === "reconnect") this.send(socket, { op: 7, d: null, s: null, t: null });
    else {
      this.session.valid = how === "invalid-session-resumable";
      this.send(socket, { op: 9, d: this.session.valid, s: null, t: null });
    }
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private onConnection(ws: WebSocket, params: URLSearchParams): void {
    ws.on("close", () => {
      if (this.session?.socket === ws) this.session.socket = null;
    });
    if (params.get("v") !== "10") return ws.close(4012, "Invalid API version");
    if (params.get("encoding") !== "json" || params.has("compress")) return ws.close(4002, "Decode error");
    ws.on("message", (data, isBinary) => this.onFrame(ws, data, isBinary));
    this.send(ws, { op: 10, d: { heartbeat_interval: this.deps.heartbeatIntervalMs }, s: null, t: null });
  }

  private onFrame(ws: WebSocket, data: RawData, isBinary: boolean): void {
    const frame = isBinary ? null : parseFrame(data);
    if (!frame) return ws.close(4002, "Decode error");
    this.deps.events.emit({ type: "gateway", direction: "in", op: frame.op, t: null });
    if (frame.op === 1) return this.send(ws, { op: 11, d: null, s: null, t: null });
    if (frame.op === 2) return this.identify(ws, frame.d);
    if (frame.op === 6) return this.resume(ws, frame.d);
    if (!this.authenticated.has(ws)) return ws.close(4003, "Not authenticated");
  }

  private identify(ws: WebSocket, d: unknown): void {
    const parsed = identifySchema.safeParse(d);
    if (!parsed.success || parsed.data.compress) return ws.close(4002, "Decode error");
    if (parsed.data.token !== this.deps.world.token) return ws.close(4004, "Authentication failed");
    if (this.authenticated.has(ws)) return ws.close(4005, "Already authenticated");
    this.identifies.push({ at: this.deps.now(), token: parsed.data.token, intents: parsed.data.intents });
    this.session?.socket?.close(1000, "Session replaced");
    this.session = { id: randomBytes(16).toString("hex"), seq: 0, log: [], socket: ws, valid: true };
    this.authenticated.add(ws);
    const { world } = this.deps;
    this.dispatch("READY", readyPayload(world, this.session.id, this.deps.resumeUrl()));
    for (const guild of world.guilds) this.dispatch("GUILD_CREATE", guildCreate(world, guild));
  }

  private resume(ws: WebSocket, d: unknown): void {
    const parsed = resumeSchema.safeParse(d);
    if (!parsed.success) return ws.close(4002, "Decode error");
    if (parsed.data.token !== this.deps.world.token) return ws.close(4004, "Authentication failed");
    const session = this.session;
    if (!session || !session.valid || session.id !== parsed.data.session_id) {
      return this.send(ws, { op: 9, d: false, s: null, t: null });
    }
    const seq = parsed.data.seq ?? 0;
    if (seq > session.seq) return ws.close(4007, "Invalid seq");
    if (session.socket && session.socket !== ws) session.socket.close(1000, "Session resumed elsewhere");
    session.socket = ws;
    this.authenticated.add(ws);
    const missed = session.log.filter((frame) => frame.s > seq);
    for (const frame of missed) this.send(ws, frame);
    this.resumes.push({
      at: this.deps.now(),
      sessionId: session.id,
      seq: parsed.data.seq,
      replayed: missed.length,
    });
    this.dispatch("RESUMED", {}, false);
  }

  private send(ws: WebSocket, frame: { op: number; d: unknown; s: number | null; t: string | null }): void {
    if (ws.readyState !== WebSocket.OPEN) return;
    ws.send(JSON.stringify(frame));
    this.deps.events.emit({ type: "gateway", direction: "out", op: frame.op, t: frame.t });
  }
}

function parseFrame(data: RawData): z.infer<typeof frameSchema> | null {
  try {
    const parsed = frameSchema.safeParse(JSON.parse(String(data)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
