import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, readFile, stat, unlink } from "node:fs/promises";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import type { ComfyClient } from "../comfy/client.js";
import { ComfyError } from "../comfy/errors.js";
import type { FileRef, PromptEvent } from "../comfy/events.js";
import { rejectionReason } from "../comfy/rejection.js";
import { queuePromptRejectedSchema } from "../comfy/schemas.js";
import type { Logger } from "../logger.js";
import { type BuildSettings, COMPACT_NODE_ID, buildI2VPrompt } from "../workflow/build.js";
import { planForServer } from "../workflow/server-plan.js";
import { validatePrompt } from "../workflow/validate.js";
import type { JobRecord, JobResult } from "./job.js";
import type { PhaseCosts } from "./phase-costs.js";
import type { Phase } from "./phases.js";
import { createProgress } from "./progress.js";
import type { ExecHooks } from "./service.js";

export interface ExecutorDeps {
  comfy: ComfyClient;
  /** A name for the server in logs and job records (never shown to users). */
  server: string;
  settings: BuildSettings;
  videoDir: string;
  logger: Logger;
  /** The compact second encode, for channels with a small upload limit. */
  compact?: { crf: number } | undefined;
  costs?: () => PhaseCosts;
  learn?: (measured: Partial<Record<Phase, { ms: number; units: number }>>) => void;
  now?: () => number;
}

/** Copies one output file from ComfyUI to our disk, streamed. */
async function download(
  comfy: ComfyClient,
  file: FileRef,
  path: string,
  signal: AbortSignal,
): Promise<number> {
  try {
    await pipeline(await comfy.view(file, { signal }), createWriteStream(path), { signal });
  } catch (error) {
    await unlink(path).catch(() => undefined);
    throw error;
  }
  return (await stat(path)).size;
}

/**
 * Runs one job on one ComfyUI server: adapt to what the server has, upload the image, build and check
 * the prompt, queue it under our own id, follow it to the end, and bring the video home.
 */
export function createI2VExecutor(deps: ExecutorDeps) {
  const log = deps.logger.child({ server: deps.server });
  let notesLogged = false;

  return async function execute(job: JobRecord, hooks: ExecHooks): Promise<JobResult> {
    const { comfy, settings } = deps;
    const info = await comfy.objectInfo();
    const plan = planForServer(info, settings);
    if (!notesLogged && plan.notes.length > 0) {
      log.warn({ notes: plan.notes }, "building without optional nodes this server lacks");
      notesLogged = true;
    }

    const png = await readFile(job.imagePath);
    const image = await comfy.uploadImage(png, `oelala-${job.id}.png`, {
      overwrite: true,
      signal: hooks.signal,
    });
    const built = buildI2VPrompt({ ...job.params, image }, settings, {
      ...plan.options,
      compact: deps.compact,
    });
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

    const promptId = randomUUID();
    await hooks.submitted(promptId, deps.server);
    const progress = createProgress({
      nodes: Object.keys(built.prompt),
      workload: {
        steps: job.params.steps,
        splitStep: job.params.splitStep,
        frames: built.frames,
        width: built.width,
        height: built.height,
      },
      costs: deps.costs?.(),
      now: deps.now,
    });
    const onEvent = (event: PromptEvent) => {
      progress.onEvent(event);
      if (event.type !== "preview") hooks.progress(progress.snapshot());
    };
    const result = await comfy.run(built.prompt, { promptId, signal: hooks.signal, onEvent });
    hooks.progress(progress.complete());
    if (!result.cached) deps.learn?.(progress.measurements());

    const [mainNode, compactNode] = built.outputNodes;
    const main = result.outputs[mainNode ?? "16"]?.[0];
    if (!main)
      throw new ComfyError("OUTPUT_MISSING", { diagnostics: { outputs: Object.keys(result.outputs) } });
    await mkdir(deps.videoDir, { recursive: true });
    const videoPath = join(deps.videoDir, `${job.id}.mp4`);
    const size = await download(comfy, main, videoPath, hooks.signal);
    let compactPath: string | undefined;
    let compactSize: number | undefined;
    const compact = compactNode === COMPACT_NODE_ID ? result.outputs[COMPACT_NODE_ID]?.[0] : undefined;
    if (compact) {
      compactPath = join(deps.videoDir, `${job.id}.compact.mp4`);
      compactSize = await download(comfy, compact, compactPath, hooks.signal);
    }
    return {
      videoPath,
      size,
      compactPath,
      compactSize,
      seed: built.seed,
      width: built.width,
      height: built.height,
      frames: built.frames,
    };
  };
}
