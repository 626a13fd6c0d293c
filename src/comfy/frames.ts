import { z } from "zod";

export const previewMetadataSchema = z.looseObject({
  node_id: z.string().nullable().optional(),
  prompt_id: z.string().nullable().optional(),
  display_node_id: z.string().nullable().optional(),
  image_type: z.enum(["image/jpeg", "image/png"]),
});
export type PreviewMetadata = z.infer<typeof previewMetadataSchema>;

const nodeId = z.string();
const timestamp = z.number().optional();

const statusFrame = z.object({
  type: z.literal("status"),
  data: z.looseObject({
    status: z.looseObject({ exec_info: z.looseObject({ queue_remaining: z.number() }) }),
    sid: z.string().optional(),
  }),
});

const executionStartFrame = z.object({
  type: z.literal("execution_start"),
  data: z.looseObject({ prompt_id: z.string(), timestamp }),
});

const executionCachedFrame = z.object({
  type: z.literal("execution_cached"),
  data: z.looseObject({ prompt_id: z.string(), nodes: z.array(nodeId), timestamp }),
});

/** After a reconnect the server sends `{node}` alone, without `prompt_id`; `node: null` means done. */
const executingFrame = z.object({
  type: z.literal("executing"),
  data: z.looseObject({
    node: nodeId.nullable(),
    display_node: nodeId.nullable().optional(),
    prompt_id: z.string().nullable().optional(),
  }),
});

const progressFrame = z.object({
  type: z.literal("progress"),
  data: z.looseObject({
    value: z.number(),
    max: z.number(),
    prompt_id: z.string().nullable().optional(),
    node: nodeId.nullable().optional(),
  }),
});

const progressStateFrame = z.object({
  type: z.literal("progress_state"),
  data: z.looseObject({
    prompt_id: z.string(),
    nodes: z.record(
      z.string(),
      z.looseObject({ value: z.number(), max: z.number(), state: z.string(), node_id: nodeId.optional() }),
    ),
  }),
});

const executedFrame = z.object({
  type: z.literal("executed"),
  data: z.looseObject({
    node: nodeId,
    display_node: nodeId.nullable().optional(),
    output: z.record(z.string(), z.unknown()).nullable(),
    prompt_id: z.string(),
  }),
});

const executionSuccessFrame = z.object({
  type: z.literal("execution_success"),
  data: z.looseObject({ prompt_id: z.string(), timestamp }),
});

export const executionErrorDataSchema = z.looseObject({
  prompt_id: z.string(),
  node_id: nodeId.nullable().optional(),
  node_type: z.string().nullable().optional(),
  executed: z.array(nodeId).optional(),
  exception_message: z.string().default(""),
  exception_type: z.string().default(""),
  traceback: z.array(z.string()).optional(),
  timestamp,
});
export type ExecutionErrorData = z.infer<typeof executionErrorDataSchema>;

const executionErrorFrame = z.object({ type: z.literal("execution_error"), data: executionErrorDataSchema });

export const executionInterruptedDataSchema = z.looseObject({
  prompt_id: z.string(),
  node_id: nodeId.nullable().optional(),
  node_type: z.string().nullable().optional(),
  executed: z.array(nodeId).optional(),
  timestamp,
});
export type ExecutionInterruptedData = z.infer<typeof executionInterruptedDataSchema>;

const executionInterruptedFrame = z.object({
  type: z.literal("execution_interrupted"),
  data: executionInterruptedDataSchema,
});

const featureFlagsFrame = z.object({
  type: z.literal("feature_flags"),
  data: z.record(z.string(), z.unknown()),
});

export const comfyFrameSchema = z.discriminatedUnion("type", [
  statusFrame,
  executionStartFrame,
  executionCachedFrame,
  executingFrame,
  progressFrame,
  progressStateFrame,
  executedFrame,
  executionSuccessFrame,
  executionErrorFrame,
  executionInterruptedFrame,
  featureFlagsFrame,
]);
/** A JSON frame of a type the bot understands. */
export type ComfyFrame = z.infer<typeof comfyFrameSchema>;

const knownTypes: ReadonlySet<string> = new Set(comfyFrameSchema.options.map((o) => o.shape.type.value));

const envelopeSchema = z.looseObject({ type: z.string(), data: z.unknown() });

export interface PreviewFrame {
  kind: "preview";
  mime: "image/jpeg" | "image/png";
  data: Buffer;
  /** Present for event 4 (negotiated `supports_preview_metadata`); event 1 carries no prompt id. */
  metadata?: PreviewMetadata;
}

export type ParsedFrame =
  | { kind: "json"; frame: ComfyFrame }
  | PreviewFrame
  | { kind: "text"; nodeId: string; text: string }
  /** Unknown types, unknown binary events and malformed frames: the protocol says to skip them. */
  | { kind: "ignored"; reason: string };

/** Parses one text WebSocket frame. Never throws. */
export function parseTextFrame(text: string): ParsedFrame {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: "ignored", reason: "not JSON" };
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) return { kind: "ignored", reason: "no type" };
  if (!knownTypes.has(envelope.data.type)) return { kind: "ignored", reason: `type ${envelope.data.type}` };
  const frame = comfyFrameSchema.safeParse(json);
  if (!frame.success) return { kind: "ignored", reason: `malformed ${envelope.data.type}` };
  return { kind: "json", frame: frame.data };
}
