import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { ComfyClient } from "../comfy/client.js";
import { ComfyError } from "../comfy/errors.js";
import type { ShrinkSettings } from "../media/shrink-size.js";
import { SHRINK_OUTPUT_NODE_ID, buildShrinkPrompt } from "../workflow/shrink-prompt.js";
import { validatePrompt } from "../workflow/validate.js";
import { download } from "./download.js";
import type { JobRecord } from "../jobs/job.js";

export interface ShrunkVideo {
  path: string;
  size: number;
}

/**
 * Sends the job's full video to ComfyUI and has it written again smaller (see shrink-prompt.ts); the
 * smaller file lands next to the full one. The server's own node specs check the prompt first, so a
 * server without VideoHelperSuite's Load Video refuses here, not halfway.
 */
export async function shrinkOnServer(
  deps: { comfy: ComfyClient; videoDir: string },
  job: JobRecord,
  settings: ShrinkSettings,
  signal: AbortSignal,
): Promise<ShrunkVideo> {
  const result = job.result;
  if (!result) throw new Error("nothing to shrink: the job has no video");
  const { comfy } = deps;
  const info = await comfy.objectInfo();
  const video = await comfy.uploadImage(await readFile(result.videoPath), `oelala-${job.id}.mp4`, {
    overwrite: true,
    signal,
  });
  const prompt = buildShrinkPrompt({
    video,
    fps: job.params.fps,
    settings,
    prefix: `oelala-bot/${job.id.slice(0, 8)}_smaller`,
    source: { width: result.width, height: result.height },
  });
  const check = validatePrompt(prompt, info, { strictLinks: true, fileExists: () => true });
  if (!check.ok)
    throw new ComfyError("VALIDATION_FAILED", { diagnostics: { node_errors: check.node_errors } });
  const done = await comfy.run(prompt, { promptId: randomUUID(), signal });
  const file = done.outputs[SHRINK_OUTPUT_NODE_ID]?.[0];
  if (!file) throw new ComfyError("OUTPUT_MISSING", { diagnostics: { outputs: Object.keys(done.outputs) } });
  const path = join(deps.videoDir, `${job.id}.smaller.mp4`);
  return { path, size: await download(comfy, file, path, signal) };
}
