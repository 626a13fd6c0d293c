import { ComfyError, snippet } from "./errors.js";
import type { FileRef, PromptResult } from "./events.js";
import {
  type ExecutionErrorData,
  executionErrorDataSchema,
  type ExecutionInterruptedData,
  executionInterruptedDataSchema,
} from "./frames.js";
import { filesOf, type HistoryEntry } from "./schemas.js";

const OOM_TYPES = /OutOfMemoryError/i;
const OOM_MESSAGES = /Allocation on device|CUDA out of memory|out of memory/i;

/** An `execution_error` as a ComfyError: OUT_OF_MEMORY when it says so, else EXECUTION_ERROR. */
export function executionError(data: ExecutionErrorData): ComfyError {
  const oom = OOM_TYPES.test(data.exception_type) || OOM_MESSAGES.test(data.exception_message);
  return new ComfyError(oom ? "OUT_OF_MEMORY" : "EXECUTION_ERROR", {
    cause: new Error(`${data.exception_type || "error"} in node ${data.node_id ?? "?"}`),
    // The traceback and message stay here, for the log; they name server paths.
    diagnostics: {
      promptId: data.prompt_id,
      nodeId: data.node_id ?? undefined,
      nodeType: data.node_type ?? undefined,
      exceptionType: data.exception_type,
      exceptionMessage: snippet(data.exception_message.trim()),
      traceback: data.traceback?.slice(-3),
    },
  });
}

export function interruptedError(data: ExecutionInterruptedData): ComfyError {
  return new ComfyError("INTERRUPTED", {
    diagnostics: {
      promptId: data.prompt_id,
      nodeId: data.node_id ?? undefined,
      nodeType: data.node_type ?? undefined,
    },
  });
}

/** True when every node that produced files was served from cache, so the files are an earlier run's. */
export function isCachedRun(outputs: Record<string, FileRef[]>, cachedNodes: ReadonlySet<string>): boolean {
  const producers = Object.keys(outputs).filter((node) => (outputs[node]?.length ?? 0) > 0);
  return producers.length > 0 && producers.every((node) => cachedNodes.has(node));
}

/** Files by node, dropping nodes whose UI output names no file. */
export function filesByNode(
  outputs: Record<string, Record<string, unknown> | null>,
): Record<string, FileRef[]> {
  const result: Record<string, FileRef[]> = {};
  for (const [node, output] of Object.entries(outputs)) {
    const files = filesOf(output);
    if (files.length > 0) result[node] = files;
  }
  return result;
}

export function hasFiles(result: PromptResult): boolean {
  return Object.values(result.outputs).some((files) => files.length > 0);
}

export function outputMissing(promptId: string): ComfyError {
  return new ComfyError("OUTPUT_MISSING", { diagnostics: { promptId } });
}

/**
 * The outcome a finished history entry records. An interrupt is also `status_str: "error"`; only the
 * last status message tells it apart from a failure.
 */
export function outcomeFromHistory(promptId: string, entry: HistoryEntry): PromptResult | ComfyError {
  const messages = entry.status?.messages ?? [];
  const cachedNodes = new Set<string>();
  for (const [name, data] of messages) {
    const nodes = data["nodes"];
    if (name === "execution_cached" && Array.isArray(nodes)) {
      for (const node of nodes) if (typeof node === "string") cachedNodes.add(node);
    }
  }
  if (entry.status && entry.status.status_str !== "success") {
    const last = messages.at(-1);
    if (last?.[0] === "execution_interrupted") {
      const data = executionInterruptedDataSchema.safeParse(last[1]);
      return data.success
        ? interruptedError(data.data)
        : new ComfyError("INTERRUPTED", { diagnostics: { promptId } });
    }
    const failure = messages.find(([name]) => name === "execution_error");
    const data = executionErrorDataSchema.safeParse(failure?.[1]);
    if (data.success) return executionError(data.data);
    return new ComfyError("EXECUTION_ERROR", {
      diagnostics: { promptId, statusStr: entry.status.status_str },
    });
  }
  const outputs = filesByNode(entry.outputs);
  const result = { promptId, outputs, cached: isCachedRun(outputs, cachedNodes) };
  return hasFiles(result) ? result : outputMissing(promptId);
}
