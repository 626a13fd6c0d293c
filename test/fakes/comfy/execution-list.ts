/**
 * A port of ComfyUI's `ExecutionList` (comfy_execution/graph.py, 0.3.64): the topological dissolve and
 * `ux_friendly_pick_node`, so nodes run in the real order (3, 1, 2, 4, 5 in the recorded trace).
 */
import { isExecutorLink } from "../../../src/workflow/validate-links.js";

/** Raised where the real executor raises NodeNotFoundError: this kills ComfyUI's prompt worker. */
export class NodeNotFoundError extends Error {
  override readonly name = "NodeNotFoundError";
}

export class ExecutionList {
  private readonly pending = new Map<string, true>();
  private readonly blockCount = new Map<string, number>();
  private readonly blocking = new Map<string, Map<string, true>>();

  constructor(
    private readonly prompt: Record<string, { class_type: string; inputs: Record<string, unknown> }>,
    private readonly isOutput: (classType: string) => boolean,
    private readonly isCached: (nodeId: string) => boolean,
  ) {}

  private node(id: string) {
    const node = Object.hasOwn(this.prompt, id) ? this.prompt[id] : undefined;
    if (!node) throw new NodeNotFoundError(`Node ${id} not found`);
    return node;
  }

  addNode(start: string): void {
    const todo = [start];
    const links: Array<[string, string]> = [];
    while (todo.length > 0) {
      const id = todo.pop() as string;
      if (this.pending.has(id)) continue;
      this.pending.set(id, true);
      this.blockCount.set(id, 0);
      this.blocking.set(id, new Map());
      for (const value of Object.values(this.node(id).inputs)) {
        if (!isExecutorLink(value) || this.isCached(value[0])) continue;
        todo.push(value[0]);
        links.push([value[0], id]);
      }
    }
    for (const [from, to] of links) {
      if (this.isCached(from)) continue;
      this.addNode(from);
      const blocked = this.blocking.get(from) as Map<string, true>;
      if (!blocked.has(to)) {
        blocked.set(to, true);
        this.blockCount.set(to, (this.blockCount.get(to) ?? 0) + 1);
      }
    }
  }

  isEmpty(): boolean {
    return this.pending.size === 0;
  }

  /** The next node to run; undefined when nothing is ready although nodes remain (a cycle). */
  next(): string | undefined {
    const ready = [...this.pending.keys()].filter((id) => this.blockCount.get(id) === 0);
    const output = (id: string) => this.isOutput(this.node(id).class_type);
    const blockedBy = (id: string) => [...(this.blocking.get(id)?.keys() ?? [])];
    return (
      ready.find(output) ??
      ready.find((id) => blockedBy(id).some(output)) ??
      ready.find((id) => blockedBy(id).some((b) => blockedBy(b).some(output))) ??
      ready[0]
    );
  }

  /** The nodes left when a cycle blocks everything (what ComfyUI blames first). */
  remaining(): string[] {
    return [...this.pending.keys()];
  }

  complete(id: string): void {
    this.pending.delete(id);
    for (const blocked of this.blocking.get(id)?.keys() ?? []) {
      this.blockCount.set(blocked, (this.blockCount.get(blocked) ?? 1) - 1);
    }
    this.blocking.delete(id);
  }
}
