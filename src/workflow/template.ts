import { readFileSync } from "node:fs";
import { z } from "zod";
import type { ApiPrompt, InputValue } from "../comfy/prompt.js";

/** Where one named value lives in the graph, e.g. `13.inputs.noise_seed`. */
export interface InputPath {
  nodeId: string;
  input: string;
}

const inputPathSchema = z
  .string()
  .regex(/^\d+\.inputs\.\w+$/, { error: "expected <node id>.inputs.<input name>" })
  .transform((path): InputPath => {
    const [nodeId = "", , input = ""] = path.split(".");
    return { nodeId, input };
  });
/** One path or several that always carry the same value (both samplers' seed). */
const pathsSchema = z.union([inputPathSchema.transform((p) => [p]), z.array(inputPathSchema).min(1)]);

export const i2vMapSchema = z.strictObject({
  outputNode: z.string().regex(/^\d+$/),
  inputs: z.strictObject({
    image: pathsSchema,
    prompt: pathsSchema,
    negative: pathsSchema,
    seed: pathsSchema,
    steps: pathsSchema,
    cfg: pathsSchema,
    sampler: pathsSchema,
    scheduler: pathsSchema,
    split_step: pathsSchema,
    frames: pathsSchema,
    fps: pathsSchema,
    width: pathsSchema,
    height: pathsSchema,
    aspect: pathsSchema,
    long_edge: pathsSchema,
    lora_high: pathsSchema,
    lora_low: pathsSchema,
    lora_strength: pathsSchema,
    unet_high: pathsSchema,
    unet_low: pathsSchema,
    vae: pathsSchema,
    text_encoder: pathsSchema,
    text_encoder_type: pathsSchema,
    compute_device: pathsSchema,
    vae_device: pathsSchema,
    text_encoder_device: pathsSchema,
    donor_device: pathsSchema,
    allocation: pathsSchema,
    virtual_vram_gb: pathsSchema,
    shift: pathsSchema,
    sage: pathsSchema,
    prefix: pathsSchema,
    crf: pathsSchema,
  }),
});
export type I2VInputMap = z.infer<typeof i2vMapSchema>;
export type I2VInputName = keyof I2VInputMap["inputs"];

const inputValueSchema = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.tuple([z.string(), z.number().int().nonnegative()]),
  z.object({ __value__: z.array(z.unknown()) }),
]);
/** Templates are stricter than prompts in general: every input is a known value kind, every node titled. */
export const templateSchema = z.record(
  z.string().regex(/^\d+$/),
  z.object({
    class_type: z.string().min(1),
    inputs: z.record(z.string(), inputValueSchema),
    _meta: z.object({ title: z.string().min(1) }),
  }),
);

export interface I2VTemplate {
  prompt: ApiPrompt;
  map: I2VInputMap;
}

const TEMPLATE_URL = new URL("../../workflows/distorch2-i2v.json", import.meta.url);
const MAP_URL = new URL("../../workflows/distorch2-i2v.map.json", import.meta.url);

export class WorkflowTemplateError extends Error {
  override readonly name = "WorkflowTemplateError";
}

function readJson<T>(url: URL, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(url, "utf8"));
  } catch (cause) {
    throw new WorkflowTemplateError(`Cannot read ${url.pathname}`, { cause });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new WorkflowTemplateError(`${url.pathname} is malformed: ${z.prettifyError(parsed.error)}`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

/** Every mapped path that names a node or input the template lacks, as `node.inputs.name`. */
export function missingMapPaths(template: ApiPrompt, map: I2VInputMap): string[] {
  const all = Object.values(map.inputs).flat();
  return all
    .filter((p) => template[p.nodeId]?.inputs[p.input] === undefined)
    .map((p) => `${p.nodeId}.inputs.${p.input}`);
}

let cached: I2VTemplate | undefined;

/** The DisTorch2 I2V graph and its input map, read and checked once; never mutate the result. */
export function loadI2VTemplate(): I2VTemplate {
  if (cached) return cached;
  const prompt = readJson(TEMPLATE_URL, templateSchema);
  const map = readJson(MAP_URL, i2vMapSchema);
  const missing = missingMapPaths(prompt, map);
  if (missing.length > 0) {
    throw new WorkflowTemplateError(`The input map names paths the template lacks: ${missing.join(", ")}`);
  }
  if (!prompt[map.outputNode]) {
    throw new WorkflowTemplateError(`The output node ${map.outputNode} is not in the template`);
  }
  cached = { prompt, map };
  return cached;
}

/** Writes one value into every path of a named input. */
export function setMapped(prompt: ApiPrompt, paths: InputPath[], value: InputValue): void {
  for (const { nodeId, input } of paths) {
    const node = prompt[nodeId];
    if (!node) throw new WorkflowTemplateError(`Node ${nodeId} is not in the prompt (input ${input})`);
    node.inputs[input] = value;
  }
}
