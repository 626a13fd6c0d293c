import { describe, expect, it } from "vitest";

import { isComfyError } from "../../src/comfy/errors.js";
import type { PromptEvent } from "../../src/comfy/events.js";
import { createPromptTracker } from "../../src/comfy/tracker.js";
import { replayIntoTracker } from "./support/replay.js";
import { loadTrace, type Trace, type TraceName } from "./support/traces.js";

function replay(name: TraceName, mutate?: (trace: Trace) => void) {
  const trace = loadTrace(name);
  mutate?.(trace);
  const tracker = createPromptTracker(trace.prompt_id);
  return { trace, tracker, ...replayIntoTracker(trace, tracker) };
}

const ofType = <T extends PromptEvent["type"]>(events: PromptEvent[], type: T) =>
  events.filter((e): e is Extract<PromptEvent, { type: T }> => e.type === type);

describe("PromptTracker over the recorded traces", () => {
  it("GIVEN ws-success THEN it reports every node, each step, each preview and the mp4, then success", () => {
    const { events, signals, tracker } = replay("ws-success");
    expect(signals).toEqual(["success", "finished"]);
    expect(ofType(events, "started")).toHaveLength(1);
    expect(ofType(events, "executing").map((e) => e.node)).toEqual(["3", "1", "2", "4", "5"]);
    const sampler = ofType(events, "progress").filter((e) => e.node === "4");
    expect(sampler.map((e) => `${e.value}/${e.max}`)).toEqual(["1/6", "2/6", "3/6", "4/6", "5/6", "6/6"]);
    expect(ofType(events, "progress").filter((e) => e.node === "5")).toHaveLength(8);
    expect(ofType(events, "preview").map((e) => e.mime)).toEqual(Array(6).fill("image/jpeg"));
    expect(tracker.outputs).toEqual({
      "5": [{ filename: "trace_video_00001.mp4", subfolder: "", type: "output", format: "video/h264-mp4" }],
    });
    expect(tracker.cached).toBe(false);
  });

  it("GIVEN ws-cached THEN it succeeds with the earlier run's file, cached, without progress", () => {
    const { events, signals, tracker } = replay("ws-cached");
    expect(signals).toEqual(["success", "finished"]);
    expect(ofType(events, "cached")[0]?.nodes).toEqual(["1", "2", "3", "4", "5"]);
    expect(ofType(events, "progress")).toEqual([]);
    expect(ofType(events, "executing")).toEqual([]);
    expect(tracker.outputs["5"]?.[0]?.filename).toBe("trace_video_00001.mp4");
    expect(tracker.cached).toBe(true);
  });

  it("GIVEN ws-error THEN it fails with EXECUTION_ERROR naming node 4 and its exception, no traceback shown", () => {
    const { errors, signals } = replay("ws-error");
    expect(signals.at(-1)).toBe("finished");
    expect(errors).toHaveLength(1);
    const [error] = errors;
    expect(error?.comfyCode).toBe("EXECUTION_ERROR");
    expect(error?.diagnostics).toMatchObject({
      nodeId: "4",
      nodeType: "TraceFakeSampler",
      exceptionType: "RuntimeError",
    });
    expect(error?.diagnostics.exceptionMessage).toBe("TraceFakeSampler: simulated failure at step 3/6");
    expect(error?.message).not.toMatch(/Traceback|File "|simulated|\/srv\//);
  });

  it.each([
    ["the exception type", { exception_type: "torch.OutOfMemoryError" }],
    ["a CUDA message", { exception_message: "CUDA out of memory. Tried to allocate 2.00 GiB\n" }],
    ["an allocation message", { exception_message: "Allocation on device 0 would exceed allowed memory.\n" }],
  ])("GIVEN an execution_error whose %s says out of memory THEN it is OUT_OF_MEMORY", (_label, patch) => {
    const { errors } = replay("ws-error", (trace) => {
      const message = trace.messages.find((m) => "type" in m && m.type === "execution_error");
      Object.assign((message as { data: object }).data, patch);
    });
    expect(errors[0]?.comfyCode).toBe("OUT_OF_MEMORY");
    expect(errors[0]?.diagnostics.nodeId).toBe("4");
  });

  it.each(["ws-interrupted", "ws-interrupted-targeted"] as const)(
    "GIVEN %s THEN it fails with INTERRUPTED at node 4",
    (name) => {
      const { errors, events } = replay(name);
      expect(errors.map((e) => [e.comfyCode, e.diagnostics.nodeId])).toEqual([["INTERRUPTED", "4"]]);
      expect(ofType(events, "progress").length).toBeGreaterThan(0);
    },
  );

  it("GIVEN ws-success-feature-flags THEN type-4 previews are matched to the prompt by their metadata", () => {
    const { events, signals, tracker } = replay("ws-success-feature-flags");
    expect(ofType(events, "preview")).toHaveLength(4);
    expect(signals).toEqual(["success", "finished"]);
    expect(tracker.outputs["5"]?.[0]?.filename).toBe("trace_video_00002.mp4");
  });

  it("GIVEN ws-reconnect THEN the bare executing hint is attributed to the running prompt and it still succeeds", () => {
    const { events, signals } = replay("ws-reconnect");
    expect(ofType(events, "executing").map((e) => e.node)).toEqual(["4", "4", "5"]);
    expect(signals).toEqual(["success", "finished"]);
  });

  it("GIVEN ws-no-client-id THEN only progress and previews arrive, and nothing settles", () => {
    const { events, signals } = replay("ws-no-client-id");
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(["progress", "preview"]));
    expect(signals).toEqual([]);
  });

  it("GIVEN another prompt's frames THEN a tracker for a different id reports nothing", () => {
    const trace = loadTrace("ws-success");
    const tracker = createPromptTracker("00000000-0000-4000-8000-000000000000");
    const { events, signals } = replayIntoTracker(trace, tracker);
    expect(events).toEqual([]);
    expect(signals).toEqual([]);
  });

  it("GIVEN a tracker that is not running THEN legacy previews (no prompt id) are not claimed", () => {
    const tracker = createPromptTracker("p");
    expect(
      tracker.handlePreview({ kind: "preview", mime: "image/jpeg", data: Buffer.from([1]) }),
    ).toBeUndefined();
    tracker.running = true;
    expect(tracker.handlePreview({ kind: "preview", mime: "image/jpeg", data: Buffer.from([1]) })?.type).toBe(
      "preview",
    );
  });

  it("GIVEN execution_error without a tip THEN the error is still a ComfyError", () => {
    const tracker = createPromptTracker("p");
    const step = tracker.handleFrame({
      type: "execution_error",
      data: { prompt_id: "p", node_id: null, node_type: null, exception_message: "", exception_type: "" },
    });
    expect(isComfyError(step.signal, "EXECUTION_ERROR")).toBe(true);
  });
});
