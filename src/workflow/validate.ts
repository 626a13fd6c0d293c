/**
 * ComfyUI's prompt validation (`execution.validate_prompt`, 0.3.64 wording), driven by an object_info,
 * so the bot can reject a workflow before queueing it and the emulator can answer like the server.
 */
import type { ObjectInfo } from "../comfy/object-info.js";
import type { ApiPrompt } from "../comfy/prompt.js";
import { frames } from "./validate-links.js";
import { validateNode, type NodeValidationContext } from "./validate-node.js";
import { PythonException, pyStr } from "./validate-python.js";
import { strictLinkErrors } from "./validate-strict.js";
import type {
  ComfyValidationError,
  NodeValidationErrors,
  ValidateOptions,
  ValidationResult,
} from "./validate-types.js";

export type {
  ComfyValidationError,
  NodeValidationErrors,
  ValidateOptions,
  ValidationResult,
} from "./validate-types.js";

function rejected(error: Omit<ComfyValidationError, "extra_info">, prompt: ApiPrompt): ValidationResult {
  return {
    ok: false,
    status: 400,
    error: { ...error, extra_info: {} },
    node_errors: {},
    outputs: [],
    prompt,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function exceptionError(error: PythonException): ComfyValidationError {
  return {
    type: "exception_during_validation",
    message: "Exception when validating node",
    details: error.pyMessage,
    extra_info: { exception_type: error.pyType, traceback: [frames.prompt, ...error.traceback] },
  };
}

export function validatePrompt(
  prompt: ApiPrompt,
  objectInfo: ObjectInfo,
  options: ValidateOptions = {},
): ValidationResult {
  const working = structuredClone(prompt) as Record<string, unknown>;
  const coerced = working as unknown as ApiPrompt;
  const outputs: string[] = [];
  for (const [id, node] of Object.entries(working)) {
    if (!isRecord(node) || !Object.hasOwn(node, "class_type")) {
      const message = "Cannot execute because a node is missing the class_type property.";
      return rejected({ type: "invalid_prompt", message, details: `Node ID '#${id}'` }, coerced);
    }
    const classType = node["class_type"];
    const info =
      typeof classType === "string" && Object.hasOwn(objectInfo, classType)
        ? objectInfo[classType]
        : undefined;
    if (!info) {
      const message = `Cannot execute because node ${pyStr(classType)} does not exist.`;
      return rejected({ type: "invalid_prompt", message, details: `Node ID '#${id}'` }, coerced);
    }
    const targets = options.partialExecutionTargets;
    if (info.output_node && (!targets || targets.includes(id))) outputs.push(id);
  }
  if (outputs.length === 0) {
    return rejected({ type: "prompt_no_outputs", message: "Prompt has no outputs", details: "" }, coerced);
  }

  const ctx: NodeValidationContext = {
    prompt: working,
    objectInfo,
    validated: new Map(),
    fileExists: options.fileExists,
    stack: [],
    cycleErrors: new Map(),
  };
  const good: string[] = [];
  const failedOwnErrors: ComfyValidationError[] = [];
  const nodeErrors: Record<string, NodeValidationErrors> = {};
  for (const output of outputs) {
    let valid: boolean;
    let reasons: ComfyValidationError[];
    try {
      ({ valid, errors: reasons } = validateNode(ctx, output));
    } catch (error) {
      if (!(error instanceof PythonException)) throw error;
      valid = false;
      reasons = [exceptionError(error)];
      ctx.validated.set(output, { valid, errors: reasons });
    }
    if (valid) {
      good.push(output);
      continue;
    }
    failedOwnErrors.push(...reasons);
    // As in ComfyUI, every failed output is appended to every node that has errors so far.
    for (const [nodeId, verdict] of ctx.validated) {
      if (verdict.valid || verdict.errors.length === 0) continue;
      const entry = (nodeErrors[nodeId] ??= {
        errors: verdict.errors,
        dependent_outputs: [],
        class_type: String((working[nodeId] as Record<string, unknown>)["class_type"]),
      });
      entry.dependent_outputs.push(output);
    }
  }

  const strict = options.strictLinks ? strictLinkErrors(working, objectInfo, outputs, ctx.validated) : {};
  for (const [nodeId, entry] of Object.entries(strict)) {
    const existing = nodeErrors[nodeId];
    if (existing) existing.errors = [...existing.errors, ...entry.errors];
    else nodeErrors[nodeId] = entry;
  }

  if (good.length === 0 || Object.keys(strict).length > 0) {
    const details = failedOwnErrors.map((e) => `${e.message}: ${e.details}`).join("\n");
    return {
      ok: false,
      status: 400,
      error: {
        type: "prompt_outputs_failed_validation",
        message: "Prompt outputs failed validation",
        details,
        extra_info: {},
      },
      node_errors: nodeErrors,
      outputs: [],
      prompt: coerced,
    };
  }
  return { ok: true, status: 200, node_errors: nodeErrors, outputs: good, prompt: coerced };
}
