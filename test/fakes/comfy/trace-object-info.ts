/**
 * The object_info of the server that recorded the golden traces, so their prompts can be replayed:
 * the four classes whose `/object_info/{class}` answers were recorded, plus the two the traces used
 * but did not record, rebuilt from the error bodies (TraceFakeSampler) and core `nodes.py` (ImageScale).
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { objectInfoSchema, type ObjectInfo } from "../../../src/comfy/object-info.js";

export const traceExamplesPath = new URL("../../fixtures/comfyui/traces/http-examples.json", import.meta.url);

const exampleSchema = z.object({
  label: z.string(),
  request: z.looseObject({
    method: z.string().optional(),
    path: z.string().optional(),
    json: z.unknown().optional(),
  }),
  response: z.looseObject({ status: z.number(), json: z.unknown().optional(), text: z.string().optional() }),
});
export type TraceExample = z.infer<typeof exampleSchema>;

export function traceExamples(): TraceExample[] {
  const file = z
    .object({ examples: z.array(exampleSchema) })
    .parse(JSON.parse(readFileSync(traceExamplesPath, "utf8")));
  return file.examples;
}

const rebuilt: ObjectInfo = {
  TraceFakeSampler: {
    input: {
      required: {
        model: ["MODEL"],
        image: ["IMAGE"],
        steps: ["INT", { default: 6, min: 1, max: 100 }],
        frames: ["INT", { default: 8, min: 1, max: 64 }],
        seed: ["INT", { default: 0, min: 0, max: 2147483647 }],
        step_delay: ["FLOAT", { default: 0.3, min: 0.0, max: 5.0, step: 0.05 }],
        fail_at_step: ["INT", { default: 0, min: 0, max: 100 }],
        send_preview: ["BOOLEAN", { default: true }],
      },
    },
    output: ["IMAGE"],
    name: "TraceFakeSampler",
    output_node: false,
  },
  ImageScale: {
    input: {
      required: {
        image: ["IMAGE"],
        upscale_method: [["nearest-exact", "bilinear", "area", "bicubic", "lanczos"]],
        width: ["INT", { default: 512, min: 0, max: 16384, step: 1 }],
        height: ["INT", { default: 512, min: 0, max: 16384, step: 1 }],
        crop: [["disabled", "center"]],
      },
    },
    output: ["IMAGE"],
    name: "ImageScale",
    output_node: false,
  },
};

export function traceObjectInfo(): ObjectInfo {
  const recorded: ObjectInfo = {};
  for (const example of traceExamples()) {
    const path = example.request.path ?? "";
    if (!path.startsWith("/object_info/") || example.response.status !== 200) continue;
    Object.assign(recorded, objectInfoSchema.parse(example.response.json));
  }
  return { ...recorded, ...rebuilt };
}

/** The files that were in the trace server's `input/` folder (its recorded LoadImage list). */
export function traceInputFiles(): string[] {
  const spec = traceObjectInfo()["LoadImage"]?.input.required?.["image"];
  return Array.isArray(spec?.[0]) ? spec[0].map(String) : [];
}
