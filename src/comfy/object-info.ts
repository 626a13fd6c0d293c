import { z } from "zod";

/**
 * One input spec as `/object_info` sends it: `[TYPE]` or `[TYPE, options]`, where TYPE is a type
 * name ("INT", "MODEL", "FLOAT,INT", "*", "COMBO") or, for a legacy combo, the list of allowed values.
 */
export const inputSpecSchema = z.union([
  z.tuple([z.union([z.string(), z.array(z.unknown())])]),
  z.tuple([z.union([z.string(), z.array(z.unknown())]), z.record(z.string(), z.unknown()).nullable()]),
]);
export type InputSpec = z.infer<typeof inputSpecSchema>;

export const nodeInfoSchema = z.looseObject({
  input: z.looseObject({
    required: z.record(z.string(), inputSpecSchema).optional(),
    optional: z.record(z.string(), inputSpecSchema).optional(),
    hidden: z.record(z.string(), z.unknown()).optional(),
  }),
  input_order: z.record(z.string(), z.array(z.string())).optional(),
  output: z.array(z.union([z.string(), z.array(z.unknown())])),
  output_is_list: z.array(z.boolean()).optional(),
  output_name: z.array(z.string()).optional(),
  name: z.string(),
  display_name: z.string().nullable().optional(),
  category: z.string().optional(),
  python_module: z.string().optional(),
  output_node: z.boolean(),
});
export type NodeInfo = z.infer<typeof nodeInfoSchema>;

export const objectInfoSchema = z.record(z.string(), nodeInfoSchema);
export type ObjectInfo = z.infer<typeof objectInfoSchema>;

/** The allowed values of a combo input, in either the legacy or the `COMBO` form; undefined otherwise. */
export function comboOptions(spec: InputSpec | undefined): unknown[] | undefined {
  if (!spec) return undefined;
  const [type, options] = spec;
  if (Array.isArray(type)) return type;
  if (type === "COMBO" && options && Array.isArray(options["options"]))
    return options["options"] as unknown[];
  return undefined;
}

/** The spec of one input, looked up in required then optional. */
export function inputSpec(info: NodeInfo, name: string): InputSpec | undefined {
  return info.input.required?.[name] ?? info.input.optional?.[name];
}
