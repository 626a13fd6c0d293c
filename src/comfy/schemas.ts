import { z } from "zod";

import type { FileRef } from "./events.js";

/** One `{type, message, details, extra_info}` item, as in a 400 body and in `node_errors[*].errors`. */
export const comfyErrorItemSchema = z.looseObject({
  type: z.string(),
  message: z.string(),
  details: z.string().default(""),
  extra_info: z.record(z.string(), z.unknown()).default({}),
});
export type ComfyErrorItem = z.infer<typeof comfyErrorItemSchema>;

export const nodeErrorSchema = z.looseObject({
  errors: z.array(comfyErrorItemSchema),
  dependent_outputs: z.array(z.string()).default([]),
  class_type: z.string().optional(),
});

export const nodeErrorsSchema = z.record(z.string(), nodeErrorSchema);
export type NodeErrors = z.infer<typeof nodeErrorsSchema>;

/** POST /prompt 200. `number` is a float when the client sent one. */
export const queuePromptAcceptedSchema = z.looseObject({
  prompt_id: z.string(),
  number: z.number(),
  node_errors: nodeErrorsSchema.default({}),
});

/** POST /prompt 400: always `{error, node_errors}`. */
export const queuePromptRejectedSchema = z.looseObject({
  error: z.union([comfyErrorItemSchema, z.string()]),
  node_errors: nodeErrorsSchema.default({}),
});
export type QueuePromptRejected = z.infer<typeof queuePromptRejectedSchema>;

/** `[name, data]` pairs in a history entry's `status.messages`. */
export const statusMessageSchema = z.tuple([z.string(), z.record(z.string(), z.unknown())]);

export const historyEntrySchema = z.looseObject({
  prompt: z.array(z.unknown()).optional(),
  outputs: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
  status: z
    .looseObject({
      status_str: z.string(),
      completed: z.boolean(),
      messages: z.array(statusMessageSchema).default([]),
    })
    .nullable()
    .optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

/** GET /history/{id}: `{id: entry}`, or `{}` while unknown, pending or running. */
export const historySchema = z.record(z.string(), historyEntrySchema);

/** A /queue item: `[number, prompt_id, prompt, extra_data, outputs_to_execute]` (older servers add a 6th). */
export const queueItemSchema = z
  .tuple([z.number(), z.string(), z.unknown(), z.unknown().optional(), z.unknown().optional()])
  .rest(z.unknown())
  .transform(([number, promptId, , extraData, outputs]) => {
    const extra = z.looseObject({ client_id: z.string().optional() }).safeParse(extraData);
    const outputNodes = z.array(z.string()).safeParse(outputs);
    return {
      number,
      promptId,
      clientId: extra.success ? extra.data.client_id : undefined,
      outputNodes: outputNodes.success ? outputNodes.data : [],
    };
  });
export type QueueItem = z.output<typeof queueItemSchema>;

/** GET /queue; `pending` comes back sorted by number (the server sends its raw heap). */
export const queueSchema = z
  .looseObject({ queue_running: z.array(queueItemSchema), queue_pending: z.array(queueItemSchema) })
  .transform((q) => ({
    running: q.queue_running,
    pending: [...q.queue_pending].sort((a, b) => a.number - b.number),
  }));
export type QueueSnapshot = z.output<typeof queueSchema>;

/** GET /prompt. */
export const promptInfoSchema = z.looseObject({
  exec_info: z.looseObject({ queue_remaining: z.number() }),
});

/** POST /upload/image. */
export const uploadImageSchema = z.looseObject({
  name: z.string().min(1),
  subfolder: z.string().default(""),
  type: z.string().default("input"),
});

export const deviceSchema = z.looseObject({
  name: z.string(),
  type: z.string(),
  index: z.number().nullable().optional(),
  vram_total: z.number(),
  vram_free: z.number(),
  torch_vram_total: z.number().optional(),
  torch_vram_free: z.number().optional(),
});

/** GET /system_stats. */
export const systemStatsSchema = z.looseObject({
  system: z.looseObject({
    os: z.string(),
    ram_total: z.number().optional(),
    ram_free: z.number().optional(),
    comfyui_version: z.string().optional(),
    python_version: z.string().optional(),
    pytorch_version: z.string().optional(),
    embedded_python: z.boolean().optional(),
    argv: z.array(z.string()).optional(),
  }),
  devices: z.array(deviceSchema),
});
export type SystemStats = z.infer<typeof systemStatsSchema>;

/** GET /features. `max_upload_size` is a float on current servers. */
export const featuresSchema = z.looseObject({
  supports_preview_metadata: z.boolean().optional(),
  max_upload_size: z.number().optional(),
});
export type ServerFeatures = z.infer<typeof featuresSchema>;

/** GET /models and GET /models/{folder}: a list of names. */
export const nameListSchema = z.array(z.string());

const fileItemSchema = z.looseObject({
  filename: z.string().min(1),
  subfolder: z.string().default(""),
  type: z.string().default("output"),
  format: z.string().optional(),
});

/**
 * Every file a node's UI output names, whatever the key (`images`, `gifs`, `video`, `audio`, …).
 * Only `filename/subfolder/type/format` are kept: `fullpath` would leak server paths.
 */
export function filesOf(output: Record<string, unknown> | null | undefined): FileRef[] {
  const files: FileRef[] = [];
  for (const value of Object.values(output ?? {})) {
    if (!Array.isArray(value)) continue;
    for (const item of value) {
      const parsed = fileItemSchema.safeParse(item);
      if (!parsed.success) continue;
      const { filename, subfolder, type, format } = parsed.data;
      files.push(
        format === undefined ? { filename, subfolder, type } : { filename, subfolder, type, format },
      );
    }
  }
  return files;
}
