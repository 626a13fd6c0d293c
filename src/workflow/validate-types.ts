import type { ApiPrompt } from "../comfy/prompt.js";

/** One error as ComfyUI reports it, in `error` or in `node_errors[id].errors`. */
export interface ComfyValidationError {
  type: string;
  message: string;
  details: string;
  extra_info: Record<string, unknown>;
}

export interface NodeValidationErrors {
  errors: ComfyValidationError[];
  dependent_outputs: string[];
  class_type: string;
}

/** What `POST /prompt` would answer: 200 (maybe with node_errors) or 400 `{error, node_errors}`. */
export interface ValidationResult {
  ok: boolean;
  status: 200 | 400;
  error?: ComfyValidationError;
  node_errors: Record<string, NodeValidationErrors>;
  /** Output node ids that passed validation (what ComfyUI would execute). */
  outputs: string[];
  /** A copy of the prompt with literal inputs of validated nodes coerced the way ComfyUI stores them. */
  prompt: ApiPrompt;
}

export interface ValidateOptions {
  /** LoadImage's file check (`folder_paths.exists_annotated_filepath`); without it LoadImage files pass. */
  fileExists?: (name: string) => boolean;
  /** Also reject any link, declared input or not, to a missing node or output index (type `dangling_link`). */
  strictLinks?: boolean;
  /** `partial_execution_targets`: only these output nodes count. */
  partialExecutionTargets?: string[];
}

/** The outcome of validating one node (`validated[id]` in ComfyUI). */
export interface NodeVerdict {
  valid: boolean;
  errors: ComfyValidationError[];
}
