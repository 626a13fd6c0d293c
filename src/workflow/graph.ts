import { isLink, type ApiPrompt, type InputValue } from "../comfy/prompt.js";

export interface DanglingLink {
  nodeId: string;
  input: string;
  link: [string, number];
}

/**
 * Links that point at a node missing from the prompt or past its outputs. Every input is checked,
 * declared or not: ComfyUI 0.3.64 accepts a dangling link in an input VHS forwards blindly, and its
 * prompt worker then dies (NODES.md §7). `outputCount` answers how many outputs a class has, when known.
 */
export function danglingLinks(
  prompt: ApiPrompt,
  outputCount: (classType: string) => number | undefined = () => undefined,
): DanglingLink[] {
  const found: DanglingLink[] = [];
  for (const [nodeId, node] of Object.entries(prompt)) {
    for (const [input, value] of Object.entries(node.inputs)) {
      if (!isLink(value)) continue;
      const source = prompt[value[0]];
      const outputs = source ? outputCount(source.class_type) : undefined;
      const outOfRange = value[1] < 0 || (outputs !== undefined && value[1] >= outputs);
      if (!source || outOfRange) found.push({ nodeId, input, link: value });
    }
  }
  return found;
}

/** Replaces every link to output `i` of `sourceId` with `replacements[i]`, then deletes the source node. */
export function replaceNode(prompt: ApiPrompt, sourceId: string, replacements: InputValue[]): void {
  delete prompt[sourceId];
  for (const node of Object.values(prompt)) {
    for (const [input, value] of Object.entries(node.inputs)) {
      if (!isLink(value) || value[0] !== sourceId) continue;
      const replacement = replacements[value[1]];
      if (replacement === undefined)
        throw new RangeError(`No replacement for output ${value[1]} of ${sourceId}`);
      node.inputs[input] = replacement;
    }
  }
}

/** Removes a pass-through node (LoRA, patch): whoever read its output now reads what fed `input`. */
export function bypassNode(prompt: ApiPrompt, nodeId: string, input: string): void {
  const upstream = prompt[nodeId]?.inputs[input];
  if (!isLink(upstream)) throw new RangeError(`Node ${nodeId} has no linked input "${input}" to bypass to`);
  replaceNode(prompt, nodeId, [upstream]);
}
