import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { z } from "zod";

const tracesDir = fileURLToPath(new URL("../../fixtures/comfyui/traces/", import.meta.url));

const binaryRecordSchema = z.looseObject({
  binary: z.literal(true),
  length: z.number().int().positive(),
  first8bytesHex: z.string(),
  decoded_event_type: z.number(),
  decoded_image_type: z.number().optional(),
  decoded_metadata: z.record(z.string(), z.unknown()).optional(),
  decoded_image_magic: z.string().optional(),
});
export type BinaryRecord = z.infer<typeof binaryRecordSchema>;

const jsonRecordSchema = z.looseObject({ type: z.string(), data: z.unknown() });
export type JsonRecord = z.infer<typeof jsonRecordSchema>;

const traceSchema = z.looseObject({
  scenario: z.string(),
  client_id: z.string(),
  prompt_id: z.string(),
  messages: z.array(z.union([binaryRecordSchema, jsonRecordSchema])),
  client_events: z.array(z.looseObject({ event: z.string(), message_index: z.number() })),
  post_prompt: z.looseObject({
    request: z.looseObject({ json: z.looseObject({ prompt: z.record(z.string(), z.unknown()) }) }),
    response: z.looseObject({ status: z.number(), json: z.unknown() }),
  }),
});
export type Trace = z.infer<typeof traceSchema>;

export const traceNames = [
  "ws-success",
  "ws-cached",
  "ws-error",
  "ws-interrupted",
  "ws-interrupted-targeted",
  "ws-success-feature-flags",
  "ws-reconnect",
  "ws-no-client-id",
] as const;
export type TraceName = (typeof traceNames)[number];

export function loadTrace(name: TraceName): Trace {
  return traceSchema.parse(JSON.parse(readFileSync(`${tracesDir}${name}.json`, "utf8")));
}

const httpExampleSchema = z.looseObject({
  label: z.string(),
  request: z.looseObject({ method: z.string(), path: z.string() }),
  response: z.looseObject({
    status: z.number(),
    headers: z.record(z.string(), z.string()).optional(),
    json: z.unknown().optional(),
    text: z.string().optional(),
  }),
});
export type HttpExample = z.infer<typeof httpExampleSchema>;

export function loadHttpExamples(): HttpExample[] {
  const file = z.looseObject({ examples: z.array(httpExampleSchema) });
  return file.parse(JSON.parse(readFileSync(`${tracesDir}http-examples.json`, "utf8"))).examples;
}

export function isBinaryRecord(record: BinaryRecord | JsonRecord): record is BinaryRecord {
  return "binary" in record && record.binary === true;
}

/** Python's `json.dumps` spacing, which the server used for the type-4 metadata (its length is recorded). */
function pythonJson(value: Record<string, unknown>): string {
  return `{${Object.entries(value)
    .map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`)
    .join(", ")}}`;
}

/**
 * Rebuilds a recorded binary frame (only its header was stored) at its recorded length, as a view into
 * a larger ArrayBuffer at a non-zero byteOffset, the way a real socket buffer can arrive.
 */
export function synthesizeBinary(record: BinaryRecord, byteOffset = 13): Buffer {
  const frame = Buffer.alloc(record.length + byteOffset + 7, 0xab).subarray(
    byteOffset,
    byteOffset + record.length,
  );
  frame.writeUInt32BE(record.decoded_event_type, 0);
  let at = 8;
  if (record.decoded_event_type === 4) {
    const metadata = Buffer.from(pythonJson(record.decoded_metadata ?? {}), "utf8");
    frame.writeUInt32BE(metadata.length, 4);
    metadata.copy(frame, 8);
    at += metadata.length;
  } else {
    frame.writeUInt32BE(record.decoded_image_type ?? 0, 4);
  }
  Buffer.from(record.decoded_image_magic ?? "", "hex").copy(frame, at);
  return frame;
}

/** Offset of the image bytes in a synthesized frame. */
export function imageStart(record: BinaryRecord): number {
  return record.decoded_event_type === 4
    ? 8 + Buffer.from(pythonJson(record.decoded_metadata ?? {})).length
    : 8;
}

/** One recorded HTTP exchange, by its label. */
export function httpExample(label: string): HttpExample {
  const found = loadHttpExamples().find((e) => e.label === label);
  if (!found) throw new Error(`no recorded example "${label}"`);
  return found;
}
