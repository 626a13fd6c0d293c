/** How ComfyUI resolves and type-checks a link `[source_id, output_index]` during validation. */
import type { NodeInfo } from "../comfy/object-info.js";
import { PythonException, pyRepr, pyTypeName } from "./validate-python.js";

const FILE = '  File "/srv/ComfyUI/execution.py"';

/** Traceback frames as ComfyUI 0.3.64 prints them (line numbers from the recorded traces). */
export const frames = {
  recurse:
    `${FILE}, line 808, in validate_inputs\n    r = await validate_inputs(prompt_id, prompt, o_id, validated)\n` +
    "        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n",
  lookup:
    `${FILE}, line 788, in validate_inputs\n    o_class_type = prompt[o_id]['class_type']\n` +
    "                   ~~~~~~^^^^^^\n",
  slot: `${FILE}, line 790, in validate_inputs\n    received_type = r[val[1]]\n                    ~^^^^^^^^\n`,
  inputs: `${FILE}, line 760, in validate_inputs\n    inputs = prompt[unique_id]['inputs']\n`,
  bounds: `${FILE}, line 861, in validate_inputs\n    if "min" in extra_info and val < extra_info["min"]:\n`,
  prompt: `${FILE}, line 1034, in validate_prompt\n    m = await validate_inputs(prompt_id, prompt, o, validated)\n`,
} as const;

/** `prompt[key]` on a dict whose keys are strings. */
export function lookupNode(prompt: Record<string, unknown>, key: unknown): Record<string, unknown> {
  if (Array.isArray(key) || (key !== null && typeof key === "object")) {
    throw new PythonException("TypeError", `unhashable type: '${pyTypeName(key)}'`, [frames.lookup]);
  }
  const node = typeof key === "string" && Object.hasOwn(prompt, key) ? prompt[key] : undefined;
  if (node === undefined) throw new PythonException("KeyError", pyRepr(key), [frames.lookup]);
  return node as Record<string, unknown>;
}

/** `RETURN_TYPES[index]` of a tuple. */
export function outputAt(outputs: NodeInfo["output"], index: unknown): string | unknown[] {
  let position: number;
  if (typeof index === "boolean") position = index ? 1 : 0;
  else if (typeof index === "number" && Number.isInteger(index)) position = index;
  else {
    const type = pyTypeName(index);
    throw new PythonException("TypeError", `tuple indices must be integers or slices, not ${type}`, [
      frames.slot,
    ]);
  }
  const resolved = position < 0 ? outputs.length + position : position;
  const type = outputs[resolved];
  if (resolved < 0 || type === undefined) {
    throw new PythonException("IndexError", "tuple index out of range", [frames.slot]);
  }
  return type;
}

/**
 * Inputs whose declared type has a custom inequality test that ComfyUI's `!=` comparison honours
 * (VHS's MultiInput). The object_info fixture carries them as `x_accepts_link_types`; a live server
 * sends no `x_` keys, so the known ones are listed here too.
 */
const knownLinkQuirks: Record<string, Record<string, string[]>> = {
  VHS_VideoCombine: { images: ["IMAGE", "LATENT"], frame_rate: ["FLOAT", "INT"] },
};

export function acceptedLinkTypes(
  classType: string,
  inputName: string,
  options: Record<string, unknown> | null | undefined,
): string[] | undefined {
  const declared = options?.["x_accepts_link_types"];
  if (Array.isArray(declared)) return declared.map(String);
  return knownLinkQuirks[classType]?.[inputName];
}

const splitTypes = (type: string) => new Set(type.split(",").map((t) => t.trim()));

/** `validate_node_input(received_type, input_type)`: equal, `*`, overlapping comma unions, or a quirk. */
export function linkTypeMatches(
  received: string | unknown[],
  declared: string | unknown[],
  accepted?: string[],
): boolean {
  if (typeof received === "string" && typeof declared === "string") {
    if (received === declared || received === "*" || declared === "*") return true;
    const wanted = accepted ? new Set(accepted) : splitTypes(declared);
    return [...splitTypes(received)].some((t) => wanted.has(t));
  }
  if (declared === "COMBO" && Array.isArray(received)) return true;
  if (Array.isArray(received) && Array.isArray(declared)) {
    return received.length === declared.length && received.every((v, i) => v === declared[i]);
  }
  return false;
}

/** Python's `is_link`: what the executor (not the validator) treats as a link. */
export function isExecutorLink(value: unknown): value is [string, number] {
  return (
    Array.isArray(value) && value.length === 2 && typeof value[0] === "string" && typeof value[1] === "number"
  );
}
