import { afterEach, describe, expect, it, vi } from "vitest";

import { createComfyClient } from "../../src/comfy/client.js";
import { isComfyError } from "../../src/comfy/errors.js";
import type { PromptEvent } from "../../src/comfy/events.js";
import { createLogger } from "../../src/logger.js";
import type { ApiPrompt } from "../../src/comfy/prompt.js";
import { greetingLength, type Harness, historyFor, send, startHarness } from "./support/replay-harness.js";
import { rejection } from "./support/settle.js";
import type { TraceName } from "./support/traces.js";

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function setup(name: TraceName, withHistory = true): Promise<Harness> {
  harness = await startHarness(name);
  if (withHistory) harness.state.history.set(harness.trace.prompt_id, historyFor(harness.trace));
  return harness;
}

function run(h: Harness, signal?: AbortSignal) {
  return h.client.run(h.trace.post_prompt.request.json.prompt as ApiPrompt, {
    promptId: h.trace.prompt_id,
    signal,
    onEvent: (event) => h.events.push(event),
  });
}

const types = (events: PromptEvent[]) => events.map((e) => e.type);
const mp4 = (filename: string) => ({ filename, subfolder: "", type: "output", format: "video/h264-mp4" });

describe("ComfyClient.run replaying the recorded traces", () => {
  it("GIVEN ws-success THEN it resolves with the mp4, reporting queued first and progress on the way", async () => {
    const h = await setup("ws-success");
    h.state.historyMisses = 1; // the entry is not written yet when execution_success arrives
    const result = await run(h);
    expect(result).toEqual({
      promptId: h.trace.prompt_id,
      outputs: { "5": [mp4("trace_video_00001.mp4")] },
      cached: false,
    });
    expect(h.events[0]).toEqual({ type: "queued", promptId: h.trace.prompt_id, number: 12 });
    expect(types(h.events)).toEqual(
      expect.arrayContaining(["started", "executing", "progress", "preview", "executed"]),
    );
    expect(h.requests.find((r) => r.path === "/prompt")?.body).toMatchObject({
      client_id: h.trace.client_id,
      prompt_id: h.trace.prompt_id,
    });
    expect(h.requests.filter((r) => r.path.startsWith("/history/"))).toHaveLength(2);
  });

  it("GIVEN ws-success-feature-flags THEN type-4 previews reach the caller and it resolves", async () => {
    const h = await setup("ws-success-feature-flags");
    const result = await run(h);
    expect(result.outputs["5"]).toEqual([mp4("trace_video_00002.mp4")]);
    expect(h.events.filter((e) => e.type === "preview")).toHaveLength(4);
  });

  it("GIVEN ws-cached finishing before the HTTP answer THEN it resolves cached with the old filename", async () => {
    const h = await setup("ws-cached");
    h.onPost = (connection) => send(connection, h.trace.messages.slice(greetingLength(h.trace)));
    const result = await run(h);
    expect(result.cached).toBe(true);
    expect(result.outputs["5"]).toEqual([mp4("trace_video_00001.mp4")]);
    expect(h.events[0]?.type).toBe("queued");
    expect(types(h.events)).not.toContain("progress");
  });

  it("GIVEN ws-error THEN it rejects with EXECUTION_ERROR for node 4 and its exception type", async () => {
    const h = await setup("ws-error");
    const error = await rejection(run(h));
    expect(isComfyError(error, "EXECUTION_ERROR")).toBe(true);
    expect(isComfyError(error) && error.diagnostics).toMatchObject({
      nodeId: "4",
      exceptionType: "RuntimeError",
    });
  });

  it.each(["ws-interrupted", "ws-interrupted-targeted"] as const)(
    "GIVEN %s THEN it rejects with INTERRUPTED",
    async (name) => {
      const h = await setup(name);
      expect(isComfyError(await rejection(run(h)), "INTERRUPTED")).toBe(true);
    },
  );

  it("GIVEN ws-reconnect THEN it reconnects, reconciles through /queue and finishes from the live frames", async () => {
    const h = await setup("ws-reconnect");
    const dropAt = h.trace.client_events[0]?.message_index ?? 0;
    h.state.running = [h.trace.prompt_id];
    h.onPost = (connection) =>
      setImmediate(() => {
        send(connection, h.trace.messages.slice(1, dropAt));
        connection.ws.close(1001, "going away");
        h.server.onConnection((again) => send(again, h.trace.messages.slice(dropAt + 1)));
      });
    const result = await run(h);
    expect(result.outputs["5"]).toEqual([mp4("trace_video_00003.mp4")]);
    expect(types(h.events)).toEqual(expect.arrayContaining(["disconnected", "reconnected"]));
    expect(h.requests.some((r) => r.path === "/queue" && r.method === "GET")).toBe(true);
    expect(h.server.connections).toHaveLength(2);
  });

  it("GIVEN ws-reconnect where the rest of the run happened while away THEN /history settles it", async () => {
    const h = await setup("ws-reconnect");
    const dropAt = h.trace.client_events[0]?.message_index ?? 0;
    h.onPost = (connection) =>
      setImmediate(() => {
        send(connection, h.trace.messages.slice(1, dropAt));
        connection.ws.terminate();
      });
    const result = await run(h);
    expect(result).toEqual({
      promptId: h.trace.prompt_id,
      outputs: { "5": [mp4("trace_video_00003.mp4")] },
      cached: false,
    });
    expect(types(h.events)).toContain("reconnected");
    expect(types(h.events)).not.toContain("executed");
  });

  it("GIVEN a reconnect after which the server knows nothing of the prompt THEN it rejects with LOST", async () => {
    const h = await setup("ws-reconnect", false);
    h.onPost = (connection) => setImmediate(() => connection.ws.terminate());
    const error = await rejection(run(h));
    expect(isComfyError(error, "LOST")).toBe(true);
  });

  it("GIVEN ws-no-client-id frames THEN progress arrives without a crash and the drained queue settles it via /history", async () => {
    const h = await setup("ws-no-client-id", false);
    h.state.history.set(
      h.trace.prompt_id,
      historyFor(h.trace, { "5": { gifs: [mp4("trace_video_00004.mp4")] } }),
    );
    const result = await run(h);
    expect(result.outputs["5"]).toEqual([mp4("trace_video_00004.mp4")]);
    expect(new Set(types(h.events))).toEqual(new Set(["queued", "progress", "preview"]));
  });

  it("GIVEN the caller aborts THEN run stops waiting without interrupting the server", async () => {
    const h = await setup("ws-success");
    h.onPost = () => undefined;
    const controller = new AbortController();
    const pending = run(h, controller.signal);
    await vi.waitFor(() => expect(h.events[0]?.type).toBe("queued"));
    controller.abort(new Error("user cancelled"));
    await expect(pending).rejects.toThrow("user cancelled");
    expect(h.requests.filter((r) => r.path === "/interrupt")).toEqual([]);
  });

  it("GIVEN close() while a prompt is followed THEN that prompt rejects with DISCONNECTED", async () => {
    const h = await setup("ws-success");
    h.onPost = () => undefined;
    const pending = run(h);
    await vi.waitFor(() => expect(h.events[0]?.type).toBe("queued"));
    const outcome = rejection(pending);
    await h.client.close();
    expect(isComfyError(await outcome, "DISCONNECTED")).toBe(true);
  });
});

describe("ComfyClient.reattach", () => {
  it("GIVEN a prompt that finished while the bot was down THEN it resolves from /history at once", async () => {
    const h = await setup("ws-success");
    const result = await h.client.reattach(h.trace.prompt_id);
    expect(result.outputs["5"]).toEqual([mp4("trace_video_00001.mp4")]);
    expect(h.requests.some((r) => r.path === "/prompt")).toBe(false);
  });

  it("GIVEN a prompt still pending THEN it waits and follows the live frames", async () => {
    const h = await setup("ws-interrupted", false);
    h.state.pending = [h.trace.prompt_id];
    const pending = h.client.reattach(h.trace.prompt_id, { onEvent: (e) => h.events.push(e) });
    await vi.waitFor(() => expect(h.requests.some((r) => r.path === "/queue")).toBe(true));
    const connection = h.server.connections.at(-1);
    if (connection) send(connection, h.trace.messages.slice(1));
    expect(isComfyError(await rejection(pending), "INTERRUPTED")).toBe(true);
    expect(types(h.events)).toContain("progress");
  });

  it("GIVEN a prompt in neither the queue nor the history THEN it rejects with LOST", async () => {
    const h = await setup("ws-success", false);
    expect(isComfyError(await rejection(h.client.reattach(h.trace.prompt_id)), "LOST")).toBe(true);
  });
});

describe("ComfyClient.objectInfo", () => {
  it("GIVEN two reads THEN /object_info is fetched once, and refresh fetches again", async () => {
    const h = await setup("ws-success");
    await Promise.all([h.client.objectInfo(), h.client.objectInfo()]);
    await h.client.objectInfo();
    expect(h.state.objectInfoCalls).toBe(1);
    await h.client.refreshObjectInfo();
    expect(h.state.objectInfoCalls).toBe(2);
  });
});

describe("ComfyClient without a server", () => {
  it("GIVEN no socket can open THEN run fails with UNREACHABLE before submitting", async () => {
    const h = await setup("ws-success");
    await h.server.close();
    const client = createComfyClient({
      baseUrl: h.server.baseUrl,
      clientId: "c",
      logger: createLogger({ level: "silent", pretty: false }),
      dispatcher: h.agent,
      connectTimeoutMs: 100,
      reconnect: { initialMs: 10, maxMs: 20 },
    });
    try {
      expect(isComfyError(await rejection(client.run({})), "UNREACHABLE")).toBe(true);
      expect(h.requests.some((r) => r.path === "/prompt")).toBe(false);
    } finally {
      await client.close();
    }
  });
});
