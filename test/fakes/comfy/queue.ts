/**
 * ComfyUI's PromptQueue: a heapq min-heap keyed by (number, prompt_id), one running item, and the
 * history dict. `queue_pending` is the raw heap array, as the real server returns it.
 */

export interface QueueItem {
  number: number;
  promptId: string;
  prompt: Record<string, unknown>;
  extraData: Record<string, unknown>;
  outputs: string[];
}

export interface HistoryEntry {
  prompt: [number, string, Record<string, unknown>, Record<string, unknown>, string[]];
  outputs: Record<string, unknown>;
  status: {
    status_str: "success" | "error";
    completed: boolean;
    messages: Array<[string, Record<string, unknown>]>;
  };
  meta: Record<string, unknown>;
}

const before = (a: QueueItem, b: QueueItem) =>
  a.number < b.number || (a.number === b.number && a.promptId < b.promptId);

// heapq's _siftdown / _siftup, so the pending array has the same shape as Python's.
function siftDown(heap: QueueItem[], start: number, position: number): void {
  const item = heap[position] as QueueItem;
  let pos = position;
  while (pos > start) {
    const parentPos = (pos - 1) >> 1;
    const parent = heap[parentPos] as QueueItem;
    if (!before(item, parent)) break;
    heap[pos] = parent;
    pos = parentPos;
  }
  heap[pos] = item;
}

function siftUp(heap: QueueItem[], position: number): void {
  const end = heap.length;
  const item = heap[position] as QueueItem;
  let pos = position;
  let child = 2 * pos + 1;
  while (child < end) {
    const right = child + 1;
    if (right < end && !before(heap[child] as QueueItem, heap[right] as QueueItem)) child = right;
    heap[pos] = heap[child] as QueueItem;
    pos = child;
    child = 2 * pos + 1;
  }
  heap[pos] = item;
  siftDown(heap, position, pos);
}

export class PromptQueue {
  readonly pending: QueueItem[] = [];
  running: QueueItem | undefined;
  readonly history = new Map<string, HistoryEntry>();
  private waiters: Array<() => void> = [];

  /** `queue_updated()`: the status broadcast. */
  constructor(private readonly onChange: () => void) {}

  get remaining(): number {
    return this.pending.length + (this.running ? 1 : 0);
  }

  put(item: QueueItem): void {
    this.pending.push(item);
    siftDown(this.pending, 0, this.pending.length - 1);
    this.onChange();
    this.waiters.splice(0).forEach((wake) => wake());
  }

  /** Resolves when an item is pending (the worker's blocking `get`). */
  waitForItem(): Promise<void> {
    if (this.pending.length > 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  take(): QueueItem | undefined {
    const last = this.pending.pop();
    if (!last) return undefined;
    let item = last;
    if (this.pending.length > 0) {
      item = this.pending[0] as QueueItem;
      this.pending[0] = last;
      siftUp(this.pending, 0);
    }
    this.running = item;
    this.onChange();
    return item;
  }

  taskDone(item: QueueItem, result: Omit<HistoryEntry, "prompt">): void {
    this.running = undefined;
    const prompt: HistoryEntry["prompt"] = [
      item.number,
      item.promptId,
      item.prompt,
      item.extraData,
      item.outputs,
    ];
    this.history.set(item.promptId, { prompt, ...result });
    if (this.history.size > 10_000) this.history.delete(this.history.keys().next().value as string);
    this.onChange();
  }

  wipe(): void {
    this.pending.length = 0;
    this.onChange();
  }

  delete(promptId: string): boolean {
    const index = this.pending.findIndex((item) => item.promptId === promptId);
    if (index < 0) return false;
    if (this.pending.length === 1) this.wipe();
    else {
      this.pending.splice(index, 1);
      for (let i = (this.pending.length >> 1) - 1; i >= 0; i -= 1) siftUp(this.pending, i);
    }
    this.onChange();
    return true;
  }

  /** `GET /history` semantics: with only `maxItems`, the most recent ones, oldest first. */
  historySlice(maxItems: number | undefined, offset: number): Record<string, HistoryEntry> {
    const start = offset < 0 && maxItems !== undefined ? this.history.size - maxItems : offset;
    const out: Record<string, HistoryEntry> = {};
    let i = 0;
    for (const [id, entry] of this.history) {
      if (i >= start) {
        out[id] = entry;
        if (maxItems !== undefined && Object.keys(out).length >= maxItems) break;
      }
      i += 1;
    }
    return out;
  }
}

/** A queue item as `/queue` shows it: `[number, prompt_id, prompt, extra_data, outputs_to_execute]`. */
export function queueTuple(item: QueueItem): unknown[] {
  return [item.number, item.promptId, item.prompt, item.extraData, item.outputs];
}
