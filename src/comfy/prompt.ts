import { z } from "zod";

/** A link in ComfyUI API format: the source node id (a string) and its output index. */
export type NodeLink = [string, number];

export type InputValue = string | number | boolean | NodeLink | { __value__: unknown[] };

export interface ApiNode {
  class_type: string;
  inputs: Record<string, InputValue>;
  _meta?: { title: string };
}

/** A ComfyUI API-format prompt: node id -> node. */
export type ApiPrompt = Record<string, ApiNode>;

export const apiNodeSchema = z.object({
  class_type: z.string().min(1),
  inputs: z.record(z.string(), z.unknown()),
  _meta: z.object({ title: z.string() }).optional(),
});

export const apiPromptSchema = z.record(z.string(), apiNodeSchema);

export function isLink(value: unknown): value is NodeLink {
  return (
    Array.isArray(value) && value.length === 2 && typeof value[0] === "string" && typeof value[1] === "number"
  );
}
