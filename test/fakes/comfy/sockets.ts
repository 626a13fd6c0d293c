/** ComfyUI's `/ws` registry: sid = clientId, targeted vs broadcast sends, feature-flag negotiation. */
import { randomUUID } from "node:crypto";
import { WebSocket } from "ws";

/** What the connect handler needs to know about the prompt being executed. */
export interface RunningNode {
  clientId: string | undefined;
  nodeId: string | undefined;
}

export class SocketHub {
  /** The routing table: one socket per sid (a reconnect with the same id replaces the entry). */
  private readonly sockets = new Map<string, WebSocket>();
  private readonly previewMetadata = new Set<string>();
  private readonly open = new Set<WebSocket>();

  constructor(
    private readonly serverFlags: Record<string, unknown>,
    /** Reproduce ComfyUI's `sockets.pop(sid)` on close, which can unregister a newer socket with the same id. */
    private readonly popBySidOnClose: boolean,
  ) {}

  connect(ws: WebSocket, clientId: string | null, queueRemaining: number, running: RunningNode): void {
    const sid = clientId || randomUUID().replaceAll("-", "");
    this.sockets.set(sid, ws);
    this.previewMetadata.delete(sid);
    this.open.add(ws);
    ws.on("close", () => {
      this.open.delete(ws);
      if (this.popBySidOnClose || this.sockets.get(sid) === ws) {
        this.sockets.delete(sid);
        this.previewMetadata.delete(sid);
      }
    });
    ws.on("error", () => undefined);
    let first = true;
    ws.on("message", (raw, isBinary) => {
      if (isBinary) return;
      let message: unknown;
      try {
        message = JSON.parse(raw.toString());
      } catch {
        return; // logged and ignored by ComfyUI; the next frame still counts as the first
      }
      const frame = message as { type?: unknown; data?: { supports_preview_metadata?: unknown } } | null;
      if (first && frame?.type === "feature_flags") {
        if (frame.data?.supports_preview_metadata === true) this.previewMetadata.add(sid);
        this.send("feature_flags", this.serverFlags, sid);
      }
      first = false;
    });
    this.write(
      ws,
      JSON.stringify({
        type: "status",
        data: { status: { exec_info: { queue_remaining: queueRemaining } }, sid },
      }),
    );
    if (running.clientId === sid && running.nodeId !== undefined) {
      this.write(ws, JSON.stringify({ type: "executing", data: { node: running.nodeId } }));
    }
  }

  /** `send_sync(type, data, sid)`: to that sid only, or to every registered socket when sid is absent. */
  send(type: string, data: unknown, sid: string | undefined): void {
    this.sendRaw(JSON.stringify({ type, data }), sid);
  }

  sendBytes(frame: Buffer, sid: string | undefined): void {
    this.sendRaw(frame, sid);
  }

  supportsPreviewMetadata(sid: string | undefined): boolean {
    return sid !== undefined && this.previewMetadata.has(sid);
  }

  clientIds(): string[] {
    return [...this.sockets.keys()];
  }

  /** Cuts every connection without a closing handshake, like a network drop. */
  dropAll(): void {
    for (const ws of this.open) ws.terminate();
  }

  private sendRaw(frame: string | Buffer, sid: string | undefined): void {
    if (sid === undefined) {
      for (const ws of this.sockets.values()) this.write(ws, frame);
      return;
    }
    const ws = this.sockets.get(sid);
    if (ws) this.write(ws, frame);
  }

  private write(ws: WebSocket, frame: string | Buffer): void {
    if (ws.readyState === WebSocket.OPEN) ws.send(frame);
  }
}
