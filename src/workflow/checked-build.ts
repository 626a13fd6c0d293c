import { ComfyError } from "../comfy/errors.js";
import type { ObjectInfo } from "../comfy/object-info.js";
import { rejectionReason } from "../comfy/rejection.js";
import { queuePromptRejectedSchema } from "../comfy/schemas.js";
import { type BuildOptions, type BuildSettings, type BuiltI2VPrompt, buildI2VPrompt } from "./build.js";
import type { I2VParams } from "./params.js";
import { validatePrompt } from "./validate.js";

/**
 * The prompt for one job, checked against the server's nodes the way ComfyUI checks it, before we send
 * it (the bot before queueing, `render --dry-run` instead of queueing). A prompt ComfyUI would refuse
 * throws VALIDATION_FAILED with ComfyUI's own reason.
 */
export function buildCheckedI2VPrompt(
  params: I2VParams,
  settings: BuildSettings,
  options: BuildOptions,
  info: ObjectInfo,
): BuiltI2VPrompt {
  const built = buildI2VPrompt(params, settings, options);
  const check = validatePrompt(built.prompt, info, { strictLinks: true, fileExists: () => true });
  if (!check.ok) {
    throw new ComfyError("VALIDATION_FAILED", {
      reason: rejectionReason(
        queuePromptRejectedSchema.parse({
          error: check.error ?? "invalid prompt",
          node_errors: check.node_errors,
        }),
      ),
      diagnostics: { node_errors: check.node_errors },
    });
  }
  return built;
}
