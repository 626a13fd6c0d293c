import { randomUUID } from "node:crypto";
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { ComfyClient } from "../comfy/client.js";
import { ComfyError } from "../comfy/errors.js";
import type { PromptEvent, PromptResult } from "../comfy/events.js";
import type { Logger } from "../logger.js";
import { type BuildSettings, i2vOutputNodes } from "../workflow/build.js";
import { buildCheckedI2VPrompt } from "../workflow/checked-build.js";
import { frameCount } from "../workflow/frame-count.js";
import { planForServer } from "../workflow/server-plan.js";
import type { JobRecord, JobResult } from "../jobs/job.js";
import type { CostBook } from "../jobs/cost-book.js";
import { workflowNodeIds } from "../jobs/phases.js";
import { createProgress } from "../jobs/progress.js";
import { download } from "./download.js";
import { watchQueuePosition } from "./queue-position.js";
import type { ExecHooks } from "../jobs/lane.js";

export interface ExecutorDeps {
  comfy: ComfyClient;
  /** A name for the server in logs and job records (never shown to users). */
  server: string;
  settings: BuildSettings;
  videoDir: string;
  logger: Logger;
  /** The compact second encode, for channels with a small upload limit. */
  compact?: { crf: number } | undefined;
  /** Milliseconds per unit of work this server measured, shared by every executor of the process. */
  costBook?: CostBook;
  now?: () => number;
  /** How often the bar is recomputed while a node without progress events (VAEDecode) runs. Default 1 s. */
  tickMs?: number;
  /** How often ComfyUI's queue is read while our prompt waits in it. Default 2 s. */
  queuePollMs?: number;
}

/**
 * Runs jobs on one ComfyUI server: adapt to what the server has, upload the image, build and check the
 * prompt, queue it under our own id, follow it to the end, and bring the video home. `resume` follows a
 * prompt that an earlier process queued.
 */
export function createI2VExecutor(deps: ExecutorDeps) {
  const log = deps.logger.child({ server: deps.server });
  const { comfy, settings } = deps;
  let notesLogged = false;

  function tracker(job: JobRecord, nodes: string[], hooks: ExecHooks) {
    const learnedJobs = deps.costBook?.jobs(deps.server) ?? 0;
    const progress = createProgress({
      nodes,
      workload: {
        steps: job.params.steps,
        splitStep: job.params.splitStep,
        frames: frameCount(job.params.durationSeconds, job.params.fps),
        width: job.width,
        height: job.height,
      },
      costs: deps.costBook?.costs(deps.server),
      learned: learnedJobs > 0,
      now: deps.now,
    });
    let started = false;
    let position: { stop(): void } | undefined;
    // VAEDecode reports no steps: recompute now and then so the bar keeps moving on learned time.
    const ticker = setInterval(() => {
      if (started && progress.timeDriven()) hooks.progress(progress.snapshot());
    }, deps.tickMs ?? 1_000);
    ticker.unref();
    const onEvent = (event: PromptEvent) => {
      progress.onEvent(event);
      if (event.type === "preview") {
        hooks.preview?.({ mime: event.mime, data: event.data });
        return;
      }
      if (event.type === "queued") {
        position = watchQueuePosition({
          comfy,
          promptId: event.promptId,
          intervalMs: deps.queuePollMs ?? 2_000,
          onAhead: (ahead) => {
            if (!started) hooks.progress({ ...progress.snapshot(), etaMs: undefined, ahead });
          },
        });
        return;
      }
      if (!started && ["started", "cached", "executing", "progress"].includes(event.type)) {
        started = true;
        position?.stop();
        hooks.started?.();
      }
      hooks.progress(progress.snapshot());
    };
    const stop = () => {
      clearInterval(ticker);
      position?.stop();
    };
    return { progress, onEvent, stop };
  }

  async function bringHome(job: JobRecord, result: PromptResult, signal: AbortSignal): Promise<JobResult> {
    const nodes = i2vOutputNodes();
    const main = result.outputs[nodes.video]?.[0];
    if (!main)
      throw new ComfyError("OUTPUT_MISSING", { diagnostics: { outputs: Object.keys(result.outputs) } });
    await mkdir(deps.videoDir, { recursive: true });
    const videoPath = join(deps.videoDir, `${job.id}.mp4`);
    const size = await download(comfy, main, videoPath, signal);
    let compactPath: string | undefined;
    let compactSize: number | undefined;
    const compact = result.outputs[nodes.compact]?.[0];
    if (compact) {
      compactPath = join(deps.videoDir, `${job.id}.compact.mp4`);
      compactSize = await download(comfy, compact, compactPath, signal);
    }
    // The last frame is a bonus (it makes Continue possible): a failed download does not lose the video.
    let lastFramePath: string | undefined;
    const lastFrame = result.outputs[nodes.lastFrame]?.[0];
    if (lastFrame) {
      const path = join(deps.videoDir, `${job.id}.last.png`);
      lastFramePath = await download(comfy, lastFrame, path, signal).then(
        () => path,
        (error: unknown) => {
          log.warn({ err: error, jobId: job.id }, "last frame not downloaded");
          return undefined;
        },
      );
    }
    return {
      videoPath,
      size,
      compactPath,
      compactSize,
      lastFramePath,
      seed: job.params.seed,
      width: job.width,
      height: job.height,
      frames: frameCount(job.params.durationSeconds, job.params.fps),
    };
  }

  async function execute(job: JobRecord, hooks: ExecHooks): Promise<JobResult> {
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
    const options = { ...plan.options, compact: deps.compact };
    const built = buildCheckedI2VPrompt({ ...job.params, image }, settings, options, info);

    // The id is stored before the POST, so a process that dies right after it can still find the prompt.
    const promptId = randomUUID();
    await hooks.beforeSubmit?.(hooks.signal);
    await hooks.submitted(promptId, deps.server);
    const { progress, onEvent, stop } = tracker(job, Object.keys(built.prompt), hooks);
    let result: PromptResult;
    try {
      result = await comfy.run(built.prompt, { promptId, signal: hooks.signal, onEvent });
    } finally {
      stop();
    }
    hooks.progress(progress.complete());
    if (!result.cached) deps.costBook?.learn(deps.server, progress.measurements());
    return bringHome(job, result, hooks.signal);
  }

  async function resume(job: JobRecord, hooks: ExecHooks): Promise<JobResult> {
    if (!job.promptId) throw new ComfyError("LOST", { diagnostics: { reason: "no prompt id stored" } });
    // The full graph: which optional nodes an earlier process left out is not known.
    const { progress, onEvent, stop } = tracker(job, workflowNodeIds(), hooks);
    let result: PromptResult;
    try {
      result = await comfy.reattach(job.promptId, { signal: hooks.signal, onEvent });
    } finally {
      stop();
    }
    hooks.progress(progress.complete());
    return bringHome(job, result, hooks.signal);
  }

  return { execute, resume };
}

export type I2VExecutor = ReturnType<typeof createI2VExecutor>;
