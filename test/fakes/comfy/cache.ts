/**
 * ComfyUI's "classic" output cache: a node is reused when its input signature (class, literal inputs,
 * upstream signatures, IS_CHANGED) matches. Entries not used by the next prompt are dropped.
 */
import { isExecutorLink } from "../../../src/workflow/validate-links.js";

export interface CachedNode {
  ui: Record<string, unknown> | undefined;
}

type Prompt = Record<string, { class_type: string; inputs: Record<string, unknown> }>;

/** `isChanged(classType, inputs)`: e.g. LoadImage hashes its file. */
export type IsChanged = (classType: string, inputs: Record<string, unknown>) => string;

export function inputSignatures(prompt: Prompt, isChanged: IsChanged): Map<string, string> {
  const signatures = new Map<string, string>();
  const visiting = new Set<string>();
  const signature = (id: string): string => {
    const known = signatures.get(id);
    if (known) return known;
    const node = Object.hasOwn(prompt, id) ? prompt[id] : undefined;
    if (!node || visiting.has(id)) return `missing:${id}`;
    visiting.add(id);
    const inputs = Object.keys(node.inputs)
      .sort()
      .map((name) => {
        const value = node.inputs[name];
        return isExecutorLink(value) ? [name, "link", signature(value[0]), value[1]] : [name, value];
      });
    visiting.delete(id);
    const result = JSON.stringify([node.class_type, isChanged(node.class_type, node.inputs), inputs]);
    signatures.set(id, result);
    return result;
  };
  for (const id of Object.keys(prompt)) signature(id);
  return signatures;
}

export class OutputCache {
  private readonly entries = new Map<string, CachedNode>();

  /** `set_prompt` + `clean_unused`: keep only what this prompt could reuse. */
  retainOnly(signatures: Iterable<string>): void {
    const keep = new Set(signatures);
    for (const key of this.entries.keys()) if (!keep.has(key)) this.entries.delete(key);
  }

  get(signature: string | undefined): CachedNode | undefined {
    return signature === undefined ? undefined : this.entries.get(signature);
  }

  set(signature: string, entry: CachedNode): void {
    this.entries.set(signature, entry);
  }

  clear(): void {
    this.entries.clear();
  }
}
