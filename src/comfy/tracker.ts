import type { ComfyError } from "./errors.js";
import type { FileRef, PromptEvent } from "./events.js";
import type { ComfyFrame, PreviewFrame } from "./frames.js";
import { executionError, filesByNode, interruptedError, isCachedRun } from "./outcome.js";

/**
 * What a frame settled:
 * - `success`: `execution_success`; the outputs seen so far are in `tracker.outputs`;
 * - `finished`: `executing {node: null}`, the server's "done whatever the outcome";
 * - a ComfyError: `execution_error` or `execution_interrupted`.
 */
export type TrackerSignal = "success" | "finished" | ComfyError;

export interface TrackerStep {
  events: PromptEvent[];
  signal?: TrackerSignal;
}

/** Follows one prompt through the socket's frames. Pure: no I/O, no clock. */
export interface PromptTracker {
  promptId: string;
  readonly outputs: Record<string, FileRef[]>;
  readonly cached: boolean;
  /** Whether this prompt is the one running now (it owns previews that carry no prompt id). */
  running: boolean;
  handleFrame(frame: ComfyFrame): TrackerStep;
  handlePreview(preview: PreviewFrame): PromptEvent | undefined;
}

export function createPromptTracker(promptId: string): PromptTracker {
  const outputs: Record<string, FileRef[]> = {};
  const cachedNodes = new Set<string>();
  let currentNode: string | undefined;

  const tracker: PromptTracker = {
    promptId,
    outputs,
    get cached() {
      return isCachedRun(outputs, cachedNodes);
    },
    running: false,

    handleFrame(frame) {
      const id = tracker.promptId;
      switch (frame.type) {
        case "execution_start":
          if (frame.data.prompt_id !== id) return none;
          tracker.running = true;
          return { events: [{ type: "started", promptId: id }] };
        case "execution_cached":
          if (frame.data.prompt_id !== id) return none;
          for (const node of frame.data.nodes) cachedNodes.add(node);
          return {
            events:
              frame.data.nodes.length > 0 ? [{ type: "cached", promptId: id, nodes: frame.data.nodes }] : [],
          };
        case "executing":
          return onExecuting(frame.data.node, frame.data.prompt_id ?? undefined);
        case "progress": {
          const owner = frame.data.prompt_id ?? undefined;
          if (owner !== id && !(owner === undefined && tracker.running)) return none;
          tracker.running = true;
          const node = frame.data.node ?? currentNode ?? "";
          return {
            events: [{ type: "progress", promptId: id, node, value: frame.data.value, max: frame.data.max }],
          };
        }
        case "executed": {
          if (frame.data.prompt_id !== id) return none;
          const files = filesByNode({ [frame.data.node]: frame.data.output })[frame.data.node] ?? [];
          if (files.length > 0) outputs[frame.data.node] = files;
          return { events: [{ type: "executed", promptId: id, node: frame.data.node, files }] };
        }
        case "execution_success":
          if (frame.data.prompt_id !== id) return none;
          tracker.running = false;
          return { events: [], signal: "success" };
        case "execution_error":
          if (frame.data.prompt_id !== id) return none;
          tracker.running = false;
          return { events: [], signal: executionError(frame.data) };
        case "execution_interrupted":
          if (frame.data.prompt_id !== id) return none;
          tracker.running = false;
          return { events: [], signal: interruptedError(frame.data) };
        default:
          return none;
      }
    },

    handlePreview(preview) {
      const owner = preview.metadata?.prompt_id ?? undefined;
      const ours = owner === undefined ? tracker.running : owner === tracker.promptId;
      return ours
        ? { type: "preview", promptId: tracker.promptId, mime: preview.mime, data: preview.data }
        : undefined;
    },
  };

  /** `executing` without a prompt id is the reconnect hint for whichever prompt of ours is running. */
  function onExecuting(node: string | null, owner: string | undefined): TrackerStep {
    const id = tracker.promptId;
    if (owner !== id && !(owner === undefined && tracker.running)) return none;
    if (node === null) {
      if (owner === undefined) return none;
      tracker.running = false;
      return { events: [], signal: "finished" };
    }
    tracker.running = true;
    currentNode = node;
    return { events: [{ type: "executing", promptId: id, node }] };
  }

  return tracker;
}

const none: TrackerStep = { events: [] };
