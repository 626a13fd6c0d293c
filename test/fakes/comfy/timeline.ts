/**
 * The socket messages of one prompt, routed as ComfyUI routes them: `execution_*`, `executing` and
 * `executed` only to the prompt's client_id; `progress`, `progress_state` and type-1 previews to it,
 * or to everyone when the prompt has no client_id; type-4 previews only to a client that negotiated them.
 */
import type { SocketHub } from "./sockets.js";

type Entry = { value: number; max: number; state: "running" | "finished" };

export class PromptTimeline {
  /** `status.messages` of the history entry. */
  readonly messages: Array<[string, Record<string, unknown>]> = [];
  private readonly registry = new Map<string, Entry>();

  constructor(
    private readonly hub: SocketHub,
    readonly promptId: string,
    readonly clientId: string | undefined,
  ) {}

  /** `PromptExecutor.add_message`: recorded for history, sent to the client (or everyone if `broadcast`). */
  addMessage(event: string, data: Record<string, unknown>, broadcast: boolean): void {
    const stamped = { ...data, timestamp: Date.now() };
    this.messages.push([event, stamped]);
    if (this.clientId !== undefined || broadcast) this.hub.send(event, stamped, this.clientId);
  }

  /** Messages ComfyUI skips entirely when the prompt has no client_id. */
  targeted(type: string, data: Record<string, unknown>): void {
    if (this.clientId !== undefined) this.hub.send(type, data, this.clientId);
  }

  executing(nodeId: string): void {
    this.targeted("executing", { node: nodeId, display_node: nodeId, prompt_id: this.promptId });
  }

  executed(nodeId: string, output: Record<string, unknown> | null): void {
    this.targeted("executed", { node: nodeId, display_node: nodeId, output, prompt_id: this.promptId });
  }

  started(nodeId: string): void {
    this.registry.set(nodeId, { value: 0, max: 1, state: "running" });
    this.sendProgressState();
  }

  finished(nodeId: string): void {
    const entry = this.registry.get(nodeId) ?? { value: 0, max: 1, state: "running" };
    this.registry.set(nodeId, { value: entry.max, max: entry.max, state: "finished" });
    this.sendProgressState();
  }

  /** One ProgressBar update: progress_state, [type-4 preview], progress, [type-1 preview]. */
  progress(nodeId: string, value: number, max: number, preview: Buffer | undefined): void {
    this.registry.set(nodeId, { value, max, state: "running" });
    this.sendProgressState();
    const withMetadata = this.hub.supportsPreviewMetadata(this.clientId);
    if (preview && withMetadata) this.hub.sendBytes(this.previewWithMetadata(nodeId, preview), this.clientId);
    this.hub.send("progress", { value, max, prompt_id: this.promptId, node: nodeId }, this.clientId);
    if (preview && !withMetadata) this.hub.sendBytes(legacyPreview(preview), this.clientId);
  }

  private sendProgressState(): void {
    const nodes = Object.fromEntries(
      [...this.registry].map(([id, entry]) => [
        id,
        {
          ...entry,
          node_id: id,
          prompt_id: this.promptId,
          display_node_id: id,
          parent_node_id: null,
          real_node_id: id,
        },
      ]),
    );
    this.hub.send("progress_state", { prompt_id: this.promptId, nodes }, this.clientId);
  }

  private previewWithMetadata(nodeId: string, jpeg: Buffer): Buffer {
    const metadata = Buffer.from(
      JSON.stringify({
        node_id: nodeId,
        prompt_id: this.promptId,
        display_node_id: nodeId,
        parent_node_id: null,
        real_node_id: nodeId,
        image_type: "image/jpeg",
      }),
    );
    const header = Buffer.alloc(8);
    header.writeUInt32BE(4, 0);
    header.writeUInt32BE(metadata.length, 4);
    return Buffer.concat([header, metadata, jpeg]);
  }
}

/** Binary event 1 (PREVIEW_IMAGE): u32 type, u32 image format (1 = JPEG), the image. */
function legacyPreview(jpeg: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  return Buffer.concat([header, jpeg]);
}
