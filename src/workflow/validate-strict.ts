/**
 * The bot's own extra rule: every link, declared input or not, must point at an existing node and
 * output. ComfyUI 0.3.64 only validates declared inputs of reachable nodes, but its executor follows
 * every link; a dangling one in an undeclared VHS input passes validation and then kills the prompt
 * worker (NODES.md §7).
 */
import type { ObjectInfo } from "../comfy/object-info.js";
import { isExecutorLink } from "./validate-links.js";
import { pyRepr } from "./validate-python.js";
import type { ComfyValidationError, NodeValidationErrors, NodeVerdict } from "./validate-types.js";

type Nodes = Record<string, unknown>;

function inputsOf(prompt: Nodes, id: string): Record<string, unknown> {
  const inputs = (prompt[id] as Record<string, unknown> | undefined)?.["inputs"];
  return inputs !== null && typeof inputs === "object" && !Array.isArray(inputs)
    ? (inputs as Record<string, unknown>)
    : {};
}

function classOf(prompt: Nodes, id: string): string {
  return String((prompt[id] as Record<string, unknown>)["class_type"]);
}

/** Why a link is dangling, or undefined when it resolves. */
function danglingReason(
  prompt: Nodes,
  objectInfo: ObjectInfo,
  [source, slot]: [string, number],
): string | undefined {
  if (!Object.hasOwn(prompt, source)) return `node ${source} does not exist`;
  const outputs = objectInfo[classOf(prompt, source)]?.output ?? [];
  if (!Number.isInteger(slot) || slot < 0 || slot >= outputs.length) {
    return `node ${source} (${classOf(prompt, source)}) has no output ${slot}`;
  }
  return undefined;
}

/** Output ids whose execution would pull `target` in, following every link as the executor does. */
function dependentOutputs(prompt: Nodes, outputs: string[], target: string): string[] {
  return outputs.filter((output) => {
    const seen = new Set<string>();
    const todo = [output];
    while (todo.length > 0) {
      const id = todo.pop() as string;
      if (id === target) return true;
      if (seen.has(id) || !Object.hasOwn(prompt, id)) continue;
      seen.add(id);
      for (const value of Object.values(inputsOf(prompt, id))) if (isExecutorLink(value)) todo.push(value[0]);
    }
    return false;
  });
}

/** Node errors for dangling links ComfyUI's own rules did not already report. */
export function strictLinkErrors(
  prompt: Nodes,
  objectInfo: ObjectInfo,
  outputs: string[],
  validated: Map<string, NodeVerdict>,
): Record<string, NodeValidationErrors> {
  const found: Record<string, NodeValidationErrors> = {};
  for (const id of Object.keys(prompt)) {
    const info = objectInfo[classOf(prompt, id)];
    for (const [name, value] of Object.entries(inputsOf(prompt, id))) {
      if (!isExecutorLink(value)) continue;
      const declared = Boolean(info?.input.required?.[name] ?? info?.input.optional?.[name]);
      // A declared input of a validated node was already resolved (and reported) by ComfyUI's rules.
      if (declared && validated.has(id)) continue;
      const reason = danglingReason(prompt, objectInfo, value);
      if (!reason) continue;
      const error: ComfyValidationError = {
        type: "dangling_link",
        message: "Link to a missing node or output",
        details: `${name}: ${pyRepr(value)} - ${reason}`,
        extra_info: { input_name: name, linked_node: value },
      };
      const entry = (found[id] ??= {
        errors: [],
        dependent_outputs: dependentOutputs(prompt, outputs, id),
        class_type: classOf(prompt, id),
      });
      entry.errors.push(error);
    }
  }
  return found;
}
