/** ComfyUI's `validate_inputs` for one node, recursing through its declared links. */
import { comboOptions, type InputSpec, type NodeInfo, type ObjectInfo } from "../comfy/object-info.js";
import { acceptedLinkTypes, frames, linkTypeMatches, lookupNode, outputAt } from "./validate-links.js";
import { checkLiteral, inputConfig } from "./validate-literal.js";
import { PythonException, pyStr, pyTypeName } from "./validate-python.js";
import type { ComfyValidationError, NodeVerdict } from "./validate-types.js";

export interface NodeValidationContext {
  /** The working copy of the prompt; coerced literals are written back into it. */
  prompt: Record<string, unknown>;
  objectInfo: ObjectInfo;
  /** ComfyUI's `validated` dict, in insertion order. */
  validated: Map<string, NodeVerdict>;
  fileExists?: ((name: string) => boolean) | undefined;
  /** Nodes being validated right now (to report cycles instead of recursing forever). */
  stack: string[];
  cycleErrors: Map<string, ComfyValidationError[]>;
}

/** Inputs checked by a node's own `VALIDATE_INPUTS`, which skips min/max/combo for them. */
const knownCustomValidation: Record<
  string,
  Record<string, (value: unknown, ctx: NodeValidationContext) => true | string>
> = {
  LoadImage: {
    image: (value, ctx) =>
      !ctx.fileExists || ctx.fileExists(pyStr(value)) ? true : `Invalid image file: ${pyStr(value)}`,
  },
  VHS_LoadVideo: {
    video: (value, ctx) =>
      !ctx.fileExists || ctx.fileExists(pyStr(value)) ? true : `Invalid video file: ${pyStr(value)}`,
  },
};

function customValidatedInputs(classType: string, info: NodeInfo): string[] {
  const declared = (info as Record<string, unknown>)["x_has_validate_inputs"];
  const known = Object.keys(knownCustomValidation[classType] ?? {});
  return Array.isArray(declared) ? [...new Set([...declared.map(String), ...known])] : known;
}

/** `required ∪ optional`, required first, each in declared order. */
function declaredInputs(info: NodeInfo): Array<[string, "required" | "optional", InputSpec]> {
  const list: Array<[string, "required" | "optional", InputSpec]> = [];
  for (const category of ["required", "optional"] as const) {
    for (const [name, spec] of Object.entries(info.input[category] ?? {})) list.push([name, category, spec]);
  }
  return list;
}

function cycleError(ctx: NodeValidationContext, to: string): void {
  // The stack ends with the node holding the link, so this is the path back round to `to`.
  const cycle = ctx.stack.slice(ctx.stack.indexOf(to));
  const label = (id: string) =>
    `${id} (${String((ctx.prompt[id] as Record<string, unknown>)["class_type"])})`;
  const details = [...cycle, cycle[0] ?? to].map(label).join(" -> ");
  for (const id of cycle) {
    const error = {
      type: "dependency_cycle",
      message: "Dependency cycle detected",
      details,
      extra_info: { node_id: id, cycle_nodes: cycle },
    };
    ctx.cycleErrors.set(id, [...(ctx.cycleErrors.get(id) ?? []), error]);
  }
}

function innerError(name: string, spec: InputSpec, link: unknown, ex: PythonException): ComfyValidationError {
  return {
    type: "exception_during_inner_validation",
    message: "Exception when validating inner node",
    details: ex.pyMessage,
    extra_info: {
      input_name: name,
      input_config: inputConfig(spec),
      exception_message: ex.pyMessage,
      exception_type: ex.pyType,
      traceback: [frames.recurse, ...ex.traceback],
      linked_node: link,
    },
  };
}

/** Validates a linked input; returns an error of this node, "invalid" (upstream failed), or "ok". */
function checkLink(
  ctx: NodeValidationContext,
  classType: string,
  name: string,
  spec: InputSpec,
  link: unknown[],
): ComfyValidationError | "invalid" | "ok" {
  const config = inputConfig(spec);
  if (link.length !== 2) {
    return {
      type: "bad_linked_input",
      message: "Bad linked input, must be a length-2 list of [node_id, slot_index]",
      details: name,
      extra_info: { input_name: name, input_config: config, received_value: link },
    };
  }
  const source = lookupNode(ctx.prompt, link[0]);
  const sourceInfo = ctx.objectInfo[String(source["class_type"])];
  const receivedType = outputAt(sourceInfo?.output ?? [], link[1]);
  if (!linkTypeMatches(receivedType, spec[0], acceptedLinkTypes(classType, name, spec[1]))) {
    return {
      type: "return_type_mismatch",
      message: "Return type mismatch between linked nodes",
      details: `${name}, received_type(${pyStr(receivedType)}) mismatch input_type(${pyStr(spec[0])})`,
      extra_info: { input_name: name, input_config: config, received_type: receivedType, linked_node: link },
    };
  }
  const sourceId = link[0] as string;
  if (ctx.stack.includes(sourceId)) {
    cycleError(ctx, sourceId);
    return "invalid";
  }
  try {
    return validateNode(ctx, sourceId).valid ? "ok" : "invalid";
  } catch (error) {
    if (!(error instanceof PythonException)) throw error;
    ctx.validated.set(sourceId, { valid: false, errors: [innerError(name, spec, link, error)] });
    return "invalid";
  }
}

/** Validates `nodeId` (memoised in `ctx.validated`); throws PythonException where ComfyUI raises. */
export function validateNode(ctx: NodeValidationContext, nodeId: string): NodeVerdict {
  const known = ctx.validated.get(nodeId);
  if (known) return known;
  const node = ctx.prompt[nodeId] as Record<string, unknown>;
  if (!Object.hasOwn(node, "inputs")) throw new PythonException("KeyError", "'inputs'", [frames.inputs]);
  const inputs = node["inputs"];
  if (inputs === null || typeof inputs !== "object" || Array.isArray(inputs)) {
    throw new PythonException("TypeError", `argument of type '${pyTypeName(inputs)}' is not iterable`, [
      frames.inputs,
    ]);
  }
  const values = inputs as Record<string, unknown>;
  const classType = String(node["class_type"]);
  const info = ctx.objectInfo[classType] as NodeInfo;
  const custom = customValidatedInputs(classType, info);
  const errors: ComfyValidationError[] = [];
  let valid = true;

  ctx.stack.push(nodeId);
  try {
    for (const [name, category, spec] of declaredInputs(info)) {
      if (!Object.hasOwn(values, name)) {
        if (category === "required") {
          errors.push({
            type: "required_input_missing",
            message: "Required input is missing",
            details: name,
            extra_info: { input_name: name },
          });
        }
        continue;
      }
      const value = values[name];
      if (Array.isArray(value)) {
        const outcome = checkLink(ctx, classType, name, spec, value);
        if (outcome === "invalid") valid = false;
        else if (outcome !== "ok") errors.push(outcome);
        continue;
      }
      const literal = checkLiteral(name, spec, value, !custom.includes(name), comboOptions(spec));
      if ("error" in literal) errors.push(literal.error);
      else if (literal.coerced) values[name] = literal.value;
    }
  } finally {
    ctx.stack.pop();
  }

  for (const name of custom) {
    const check = knownCustomValidation[classType]?.[name];
    const value = values[name];
    if (!check || !Object.hasOwn(values, name) || Array.isArray(value)) continue;
    const verdict = check(value, ctx);
    if (verdict !== true) {
      errors.push({
        type: "custom_validation_failed",
        message: "Custom validation failed for node",
        details: `${name} - ${verdict}`,
        extra_info: { input_name: name },
      });
    }
  }

  const cycle = ctx.cycleErrors.get(nodeId) ?? [];
  const verdict = {
    valid: valid && errors.length === 0 && cycle.length === 0,
    errors: [...cycle, ...errors],
  };
  ctx.validated.set(nodeId, verdict);
  return verdict;
}
