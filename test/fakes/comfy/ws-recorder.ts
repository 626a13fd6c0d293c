/** A test client for the emulator: records every frame a `/ws` socket receives, and waits for some. */
import { readFileSync } from "node:fs";
import { WebSocket } from "ws";
import type { ApiPrompt } from "../../../src/comfy/prompt.js";

export type Frame =
  | { kind: "json"; type: string; data: Record<string, unknown> }
  | { kind: "binary"; event: number; bytes: Buffer };

export interface RecordingClient {
  readonly frames: Frame[];
  readonly ws: WebSocket;
  /** Resolves with the first frame (already received or future) that matches. */
  waitFor(match: (frame: Frame) => boolean, timeoutMs?: number): Promise<Frame>;
  /** Waits for `executing {node: null, prompt_id}`: the prompt is finished. */
  finished(promptId: string): Promise<Frame>;
  close(): Promise<void>;
}

export function connectClient(
  wsUrl: string,
  clientId?: string,
  options: { featureFlags?: boolean } = {},
): Promise<RecordingClient> {
  const ws = new WebSocket(clientId ? `${wsUrl}?clientId=${encodeURIComponent(clientId)}` : wsUrl);
  const frames: Frame[] = [];
  const waiters: Array<() => void> = [];
  ws.on("message", (raw: Buffer, isBinary) => {
    if (isBinary) frames.push({ kind: "binary", event: raw.readUInt32BE(0), bytes: raw });
    else {
      const message = JSON.parse(raw.toString()) as { type: string; data: Record<string, unknown> };
      frames.push({ kind: "json", type: message.type, data: message.data });
    }
    waiters.splice(0).forEach((wake) => wake());
  });
  const waitFor = (match: (frame: Frame) => boolean, timeoutMs = 5000) =>
    new Promise<Frame>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("timed out waiting for a frame")), timeoutMs);
      const check = () => {
        const found = frames.find(match);
        if (found) {
          clearTimeout(timer);
          resolve(found);
        } else waiters.push(check);
      };
      check();
    });
  const client: RecordingClient = {
    frames,
    ws,
    waitFor,
    finished: (promptId) =>
      waitFor(
        (f) =>
          f.kind === "json" &&
          f.type === "executing" &&
          f.data["node"] === null &&
          f.data["prompt_id"] === promptId,
      ),
    close: () =>
      new Promise((resolve) => {
        if (ws.readyState === WebSocket.CLOSED) return resolve();
        ws.once("close", () => resolve());
        ws.close();
      }),
  };
  return new Promise((resolve, reject) => {
    ws.once("error", reject);
    ws.once("open", () => {
      if (options.featureFlags)
        ws.send(JSON.stringify({ type: "feature_flags", data: { supports_preview_metadata: true } }));
      resolve(client);
    });
  });
}

/** JSON frames of one type. */
export function ofType(frames: Frame[], type: string): Array<Record<string, unknown>> {
  return frames.flatMap((f) => (f.kind === "json" && f.type === type ? [f.data] : []));
}

/** The NODES.md §8 sample prompt, with a seed and frame count of your choice. */
export function i2vPrompt(seed = 123456789, length = 17): ApiPrompt {
  const url = new URL("../../fixtures/comfyui/i2v-sample-prompt.json", import.meta.url);
  const prompt = JSON.parse(readFileSync(url, "utf8")) as ApiPrompt;
  for (const id of ["13", "14"]) (prompt[id] as ApiPrompt[string]).inputs["noise_seed"] = seed;
  (prompt["12"] as ApiPrompt[string]).inputs["length"] = length;
  return prompt;
}

export async function postJson(
  url: string,
  body: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(url, { method: "POST", body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}
