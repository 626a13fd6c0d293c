import type { ComfyErrorItem, NodeErrors, QueuePromptRejected } from "./schemas.js";

const MAX_ITEMS = 4;
const MAX_ITEM_LENGTH = 200;

/**
 * One readable sentence from a /prompt rejection, e.g.
 * "Node 3 (UnetLoaderGGUFAdvancedDisTorch2MultiGPU): unet_name: 'x.gguf' not in list".
 * The per-node errors carry the useful part; `error.details` is empty when the failure is upstream.
 */
export function rejectionReason(body: Pick<QueuePromptRejected, "error" | "node_errors">): string {
  const nodeLines = nodeErrorLines(body.node_errors);
  if (nodeLines.length > 0) return joinLimited(nodeLines);
  const { error } = body;
  if (typeof error === "string") return scrub(error);
  const details = error.details && error.details !== error.message ? ` (${error.details})` : "";
  return scrub(`${error.message}${details}`);
}

export function nodeErrorLines(nodeErrors: NodeErrors): string[] {
  const ids = Object.keys(nodeErrors).sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  return ids.flatMap((id) => {
    const node = nodeErrors[id];
    if (!node) return [];
    const label = node.class_type ? `Node ${id} (${node.class_type})` : `Node ${id}`;
    const items =
      node.errors.length > 0 ? node.errors : [{ type: "", message: "invalid", details: "", extra_info: {} }];
    return items.map((item) => scrub(`${label}: ${describeItem(item)}`));
  });
}

function describeItem(item: ComfyErrorItem): string {
  const input = typeof item.extra_info["input_name"] === "string" ? item.extra_info["input_name"] : undefined;
  // The full option list can be hundreds of model names; the received value is what matters.
  if (item.type === "value_not_in_list" && input) {
    return `${input}: '${String(item.extra_info["received_value"] ?? "")}' not in list`;
  }
  if (item.type === "custom_validation_failed" || item.type === "return_type_mismatch") {
    return item.details || item.message;
  }
  if (item.type === "invalid_input_type" && input) {
    return `${input}: ${item.message} (got '${String(item.extra_info["received_value"] ?? "")}')`;
  }
  const details = item.details && item.details !== input ? ` (${item.details})` : "";
  return input ? `${input}: ${item.message}${details}` : `${item.message}${details}`;
}

function joinLimited(lines: string[]): string {
  const shown = lines.slice(0, MAX_ITEMS).join("; ");
  return lines.length > MAX_ITEMS ? `${shown}; and ${lines.length - MAX_ITEMS} more` : shown;
}

/** Drops URLs and directory parts of paths so the reason never names the server's hosts or folders. */
export function scrub(text: string): string {
  const cleaned = text
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s'"()]+/gi, "<url>")
    .replace(/(?<=^|[\s'"(])(?:[A-Za-z]:)?(?:[\\/][^\s\\/'"()]+)+[\\/]([^\s\\/'"()]+)/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
  return cleaned.length > MAX_ITEM_LENGTH ? `${cleaned.slice(0, MAX_ITEM_LENGTH)}…` : cleaned;
}
