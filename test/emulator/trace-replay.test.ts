/**
 * Replays the recorded trace session (same prompts, same order) against the emulator configured like
 * the recording server, and compares what the sockets receive with what the real ComfyUI sent.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { startComfyEmulator, type ComfyEmulator } from "../fakes/comfy/index.js";
import { tinyPng } from "../fakes/comfy/outputs.js";
import { traceExamples, traceObjectInfo } from "../fakes/comfy/trace-object-info.js";
import { loadTrace, shape, type Trace } from "../fakes/comfy/traces.js";
import {
  connectClient,
  ofType,
  postJson,
  type Frame,
  type RecordingClient,
} from "../fakes/comfy/ws-recorder.js";

let emulator: ComfyEmulator;

beforeAll(async () => {
  emulator = await startComfyEmulator({
    objectInfo: traceObjectInfo(),
    inputFiles: { "trace_input.png": tinyPng },
    stepDelayMs: 40,
    nodeDelayMs: 1,
  });
});
afterAll(() => emulator.close());

/** Runs one recorded scenario: the same socket(s), the same POST body. */
async function replay(trace: Trace, during?: (client: RecordingClient, promptId: string) => Promise<void>) {
  const client = await connectClient(emulator.wsUrl, trace.clientId, {
    featureFlags: shape(trace.frames).includes("feature_flags"),
  });
  const observer = await connectClient(emulator.wsUrl, `observer-${trace.clientId}`);
  if (shape(trace.frames).includes("feature_flags"))
    await client.waitFor((f) => f.kind === "json" && f.type === "feature_flags");
  const { status, json } = await postJson(`${emulator.url}/prompt`, trace.body);
  expect(status).toBe(200);
  const promptId = String(json["prompt_id"]);
  await during?.(client, promptId);
  await emulator.idle();
  if (client.ws.readyState === WebSocket.OPEN) {
    await ("client_id" in trace.body ? client.finished(promptId) : client.waitFor(finalStatus));
  }
  await observer.waitFor(finalStatus);
  await Promise.all([client.close(), observer.close()]);
  return { promptId, frames: client.frames, observed: observer.frames };
}

/** The status broadcast after the history write (queue back to 0). */
const finalStatus = (f: Frame) =>
  f.kind === "json" &&
  f.type === "status" &&
  !("sid" in f.data) &&
  (f.data["status"] as { exec_info: { queue_remaining: number } }).exec_info.queue_remaining === 0;

const executingOrder = (frames: Frame[]) =>
  ofType(frames, "executing").flatMap((d) => (d["node"] ? [d["node"]] : []));
const progressOf = (frames: Frame[]) =>
  ofType(frames, "progress").map((d) => `${String(d["node"])}:${String(d["value"])}/${String(d["max"])}`);

describe("the emulator replaying the recorded session", () => {
  it("GIVEN the first run (ws-success) THEN every frame type, node order and progress tick matches the recording", async () => {
    const trace = loadTrace("ws-success");
    const run = await replay(trace);
    expect(shape(run.frames)).toBe(shape(trace.frames));
    expect(executingOrder(run.frames)).toEqual(["3", "1", "2", "4", "5"]);
    expect(progressOf(run.frames)).toEqual(progressOf(trace.frames));
    const [executed] = ofType(run.frames, "executed");
    const [recorded] = ofType(trace.frames, "executed");
    const { fullpath: _ours, ...gif } =
      (executed?.["output"] as { gifs: Array<Record<string, unknown>> }).gifs[0] ?? {};
    const { fullpath: _theirs, ...recordedGif } =
      (recorded?.["output"] as { gifs: Array<Record<string, unknown>> }).gifs[0] ?? {};
    expect(gif).toEqual(recordedGif);
    expect(shape(run.observed)).toBe(shape(trace.observerFrames ?? []));
  });

  it("GIVEN the history entry THEN it has the recorded shape", async () => {
    const recorded = traceExamples().find((e) => e.label === "GET /history/{prompt_id} (after success)");
    const entry = Object.values(recorded?.response.json as Record<string, Record<string, unknown>>)[0] ?? {};
    const history = (await (await fetch(`${emulator.url}/history?max_items=1`)).json()) as Record<
      string,
      Record<string, unknown>
    >;
    const ours = Object.values(history)[0] ?? {};
    expect(Object.keys(ours)).toEqual(Object.keys(entry));
    expect((ours["prompt"] as unknown[])[2]).toEqual((entry["prompt"] as unknown[])[2]);
    expect((ours["status"] as { messages: unknown[][] }).messages.map((m) => m[0])).toEqual([
      "execution_start",
      "execution_cached",
      "execution_success",
    ]);
    expect(ours["meta"]).toEqual(entry["meta"]);
  });

  it("GIVEN the identical prompt again (ws-cached) THEN it is served from cache with the old filename", async () => {
    const trace = loadTrace("ws-cached");
    const run = await replay(trace);
    expect(shape(run.frames)).toBe(shape(trace.frames));
    expect(ofType(run.frames, "execution_cached")[0]?.["nodes"]).toEqual(["1", "2", "3", "4", "5"]);
    const gifs = (ofType(run.frames, "executed")[0]?.["output"] as { gifs: Array<{ filename: string }> })
      .gifs;
    expect(gifs[0]?.filename).toBe("trace_video_00001.mp4");
  });

  it("GIVEN a node failing at step 3 (ws-error) THEN execution_error matches the recording", async () => {
    const trace = loadTrace("ws-error");
    const run = await replay(trace);
    expect(shape(run.frames)).toBe(shape(trace.frames));
    const [error] = ofType(run.frames, "execution_error");
    const [recorded] = ofType(trace.frames, "execution_error");
    expect(Object.keys(error ?? {})).toEqual(Object.keys(recorded ?? {}));
    for (const key of [
      "node_id",
      "node_type",
      "executed",
      "exception_message",
      "exception_type",
      "current_outputs",
    ]) {
      expect(error?.[key]).toEqual(recorded?.[key]);
    }
    const history = (await (await fetch(`${emulator.url}/history/${run.promptId}`)).json()) as Record<
      string,
      Record<string, unknown>
    >;
    expect(history[run.promptId]).toMatchObject({
      outputs: {},
      status: { status_str: "error", completed: false },
      meta: {},
    });
  });

  for (const [name, afterProgress, body] of [
    ["ws-interrupted", 3, undefined],
    ["ws-interrupted-targeted", 2, "targeted"],
  ] as const) {
    it(`GIVEN an interrupt after progress ${afterProgress} (${name}) THEN execution_interrupted as recorded`, async () => {
      const trace = loadTrace(name);
      const run = await replay(trace, async (client, promptId) => {
        await client.waitFor(
          (f) => f.kind === "json" && f.type === "progress" && f.data["value"] === afterProgress,
        );
        const init = body
          ? { method: "POST", body: JSON.stringify({ prompt_id: promptId }) }
          : { method: "POST" };
        expect((await fetch(`${emulator.url}/interrupt`, init)).status).toBe(200);
      });
      expect(shape(run.frames, true)).toBe(shape(trace.frames, true));
      const [interrupted] = ofType(run.frames, "execution_interrupted");
      expect(interrupted).toMatchObject({ node_id: "4", node_type: "TraceFakeSampler", executed: [] });
      expect(Object.keys(interrupted ?? {})).toEqual(
        Object.keys(ofType(trace.frames, "execution_interrupted")[0] ?? {}),
      );
    });
  }

  it("GIVEN negotiated preview metadata (ws-success-feature-flags) THEN previews are type 4 before each progress", async () => {
    const trace = loadTrace("ws-success-feature-flags");
    const run = await replay(trace);
    expect(shape(run.frames)).toBe(shape(trace.frames));
    expect(ofType(run.frames, "feature_flags")[0]).toEqual({
      supports_preview_metadata: true,
      max_upload_size: 104857600,
    });
    const preview = run.frames.find((f) => f.kind === "binary");
    if (preview?.kind !== "binary") throw new Error("no preview received");
    const metadataLength = preview.bytes.readUInt32BE(4);
    const metadata = JSON.parse(preview.bytes.subarray(8, 8 + metadataLength).toString()) as Record<
      string,
      unknown
    >;
    expect(metadata).toEqual({
      node_id: "4",
      prompt_id: run.promptId,
      display_node_id: "4",
      parent_node_id: null,
      real_node_id: "4",
      image_type: "image/jpeg",
    });
    expect(preview.bytes.subarray(8 + metadataLength, 8 + metadataLength + 2).toString("hex")).toBe("ffd8");
  });

  it("GIVEN a client that reconnects with the same clientId mid-run (ws-reconnect) THEN it gets status + bare executing, then the rest", async () => {
    const trace = loadTrace("ws-reconnect");
    const cut = trace.clientEvents[0]?.message_index ?? 0;
    let second: RecordingClient | undefined;
    const first = await replay(trace, async (client, promptId) => {
      await client.waitFor((f) => f.kind === "json" && f.type === "progress" && f.data["value"] === 2);
      await client.close();
      second = await connectClient(emulator.wsUrl, trace.clientId);
      await second.finished(promptId);
    });
    const after = second?.frames ?? [];
    expect(shape(after, true)).toBe(shape(trace.frames.slice(cut), true));
    expect(after[0]).toMatchObject({
      type: "status",
      data: { status: { exec_info: { queue_remaining: 1 } } },
    });
    expect(after[1]).toEqual({ kind: "json", type: "executing", data: { node: "4" } });
    expect(shape(first.frames, true)).toBe(shape(trace.frames.slice(0, cut), true));
    await second?.close();
  });

  it("GIVEN a prompt without client_id (ws-no-client-id) THEN every socket gets only the broadcasts", async () => {
    const trace = loadTrace("ws-no-client-id");
    const run = await replay(trace);
    expect(shape(run.frames)).toBe(shape(trace.frames));
    expect(shape(run.observed)).toBe(shape(trace.observerFrames ?? []));
    expect(ofType(run.frames, "execution_start")).toEqual([]);
  });
});
