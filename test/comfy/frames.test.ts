import { describe, expect, it } from "vitest";

import { parseBinaryFrame } from "../../src/comfy/binary-frames.js";
import { parseTextFrame } from "../../src/comfy/frames.js";
import { imageStart, isBinaryRecord, loadTrace, synthesizeBinary, traceNames } from "./support/traces.js";

describe("parseTextFrame", () => {
  it.each(traceNames)("GIVEN the %s trace THEN every recorded JSON frame parses as its own type", (name) => {
    const trace = loadTrace(name);
    const textFrames = trace.messages.filter((m) => !isBinaryRecord(m));
    expect(textFrames.length).toBeGreaterThan(0);
    for (const message of textFrames) {
      const parsed = parseTextFrame(JSON.stringify(message));
      expect(parsed.kind, JSON.stringify(message).slice(0, 120)).toBe("json");
      if (parsed.kind === "json") expect(parsed.frame.type).toBe(message.type);
    }
  });

  it("GIVEN the final executing frame THEN node is null and the prompt id is kept", () => {
    const parsed = parseTextFrame(
      JSON.stringify({ type: "executing", data: { node: null, prompt_id: "p1" } }),
    );
    expect(parsed).toEqual({
      kind: "json",
      frame: { type: "executing", data: { node: null, prompt_id: "p1" } },
    });
  });

  it("GIVEN the bare executing frame sent after a reconnect THEN it parses without a prompt id", () => {
    const trace = loadTrace("ws-reconnect");
    const bare = trace.messages.find(
      (m) => !isBinaryRecord(m) && m.type === "executing" && !("prompt_id" in Object(m.data)),
    );
    const parsed = parseTextFrame(JSON.stringify(bare));
    expect(parsed.kind === "json" && parsed.frame.type === "executing" && parsed.frame.data).toEqual({
      node: "4",
    });
  });

  it.each([
    ["an unknown type", { type: "logs", data: { entries: [], size: 0 } }],
    ["an assets event", { type: "assets.seed.started", data: {} }],
    ["a custom node event", { type: "crystools.monitor", data: { cpu: 3 } }],
    ["a known type with a bad shape", { type: "progress", data: { value: "x" } }],
    ["no type at all", { data: {} }],
  ])("GIVEN %s THEN the frame is ignored, not an error", (_label, message) => {
    expect(parseTextFrame(JSON.stringify(message)).kind).toBe("ignored");
  });

  it("GIVEN text that is not JSON THEN the frame is ignored", () => {
    expect(parseTextFrame("{not json").kind).toBe("ignored");
  });

  it("GIVEN extra fields on a known frame THEN they are tolerated", () => {
    const parsed = parseTextFrame(
      JSON.stringify({
        type: "execution_start",
        data: { prompt_id: "p", timestamp: 1, workflow_id: "w" },
        extra: 1,
      }),
    );
    expect(parsed.kind).toBe("json");
  });
});

describe("parseBinaryFrame", () => {
  it.each(traceNames)(
    "GIVEN the %s trace THEN every recorded preview decodes at the right offsets",
    (name) => {
      const trace = loadTrace(name);
      for (const record of trace.messages.filter(isBinaryRecord)) {
        const frame = synthesizeBinary(record);
        expect(frame.byteOffset).toBeGreaterThan(0);
        expect(frame.subarray(0, 8).toString("hex")).toBe(record.first8bytesHex);
        const parsed = parseBinaryFrame(frame);
        expect(parsed.kind).toBe("preview");
        if (parsed.kind !== "preview") continue;
        expect(parsed.mime).toBe("image/jpeg");
        expect(parsed.data.subarray(0, 4).toString("hex")).toBe(record.decoded_image_magic);
        expect(parsed.data.length).toBe(record.length - imageStart(record));
        if (record.decoded_event_type === 4) expect(parsed.metadata?.prompt_id).toBe(trace.prompt_id);
        else expect(parsed.metadata).toBeUndefined();
      }
    },
  );

  it("GIVEN a type-1 PNG preview inside a larger buffer THEN the format is read at offset 4 of the view", () => {
    const backing = Buffer.alloc(64, 0x01);
    const frame = backing.subarray(20, 40);
    frame.writeUInt32BE(1, 0);
    frame.writeUInt32BE(2, 4);
    Buffer.from("89504e47", "hex").copy(frame, 8);
    const parsed = parseBinaryFrame(frame);
    expect(parsed).toMatchObject({ kind: "preview", mime: "image/png" });
    expect(parsed.kind === "preview" && parsed.data.length).toBe(12);
    expect(parsed.kind === "preview" && parsed.data.subarray(0, 4).toString("hex")).toBe("89504e47");
  });

  it("GIVEN a type-3 progress text frame THEN the node id and text are split by the length prefix", () => {
    const node = Buffer.from("12", "utf8");
    const text = Buffer.from("Downloading… 40%", "utf8");
    const backing = Buffer.alloc(100);
    const frame = backing.subarray(5, 5 + 8 + node.length + text.length);
    frame.writeUInt32BE(3, 0);
    frame.writeUInt32BE(node.length, 4);
    node.copy(frame, 8);
    text.copy(frame, 8 + node.length);
    expect(parseBinaryFrame(frame)).toEqual({ kind: "text", nodeId: "12", text: "Downloading… 40%" });
  });

  it.each([
    ["the internal event 2", [0, 0, 0, 2, 0, 0, 0, 1]],
    ["an unknown event", [0, 0, 0, 99, 0, 0, 0, 1]],
    ["fewer than 4 bytes", [0, 0, 1]],
    ["a preview without its format", [0, 0, 0, 1, 0]],
    ["an unknown image format", [0, 0, 0, 1, 0, 0, 0, 7, 0xff]],
    ["metadata longer than the frame", [0, 0, 0, 4, 0, 0, 1, 0, 0x7b]],
    ["metadata that is not JSON", [0, 0, 0, 4, 0, 0, 0, 1, 0x7b, 0xff]],
  ])("GIVEN %s THEN the frame is ignored", (_label, bytes) => {
    expect(parseBinaryFrame(Buffer.from(bytes)).kind).toBe("ignored");
  });
});
