import type { ComfyClient } from "../comfy/client.js";
import type { Config } from "../config.js";
import type { JobDraft } from "../jobs/new-job.js";
import { createJobService } from "../jobs/service.js";
import type { Logger } from "../logger.js";
import { createI2VExecutor } from "../pool/execute.js";
import { createSingleServerLane } from "../pool/single-server-lane.js";
import { openSqliteStore } from "../store/sqlite/open.js";
import type { BuildSettings } from "../workflow/build.js";
import { createTerminalPresenter } from "./terminal-presenter.js";

export interface RenderJobOptions {
  client: ComfyClient;
  server: string;
  settings: BuildSettings;
  limits: Config["jobs"];
  /** A private folder for this run: the job store, the input picture and the downloaded video. */
  work: string;
  out: string;
  logger: Logger;
}

/**
 * Runs one job through the job service, as the bot does, on one server: the same creation, retries
 * and failure policy, shown on the terminal. Ctrl-C cancels the job, which takes the prompt off the
 * server; resolves with the path written, or rejects with why not (RenderCancelled on Ctrl-C).
 */
export async function renderJob(draft: JobDraft, options: RenderJobOptions): Promise<string> {
  const store = openSqliteStore(options.work);
  const executor = createI2VExecutor({
    comfy: options.client,
    server: options.server,
    settings: options.settings,
    videoDir: options.work,
    logger: options.logger,
  });
  const { presenter, finished } = createTerminalPresenter(options.out);
  const jobs = createJobService({
    store: store.jobs,
    presenter,
    lanes: [createSingleServerLane({ name: options.server, comfy: options.client, executor })],
    logger: options.logger,
    limits: options.limits,
    imageDir: options.work,
  });
  const actor = { userId: "cli", admin: true };
  let jobId: string | undefined;
  let interrupted = false;
  const cancel = () => void jobs.cancel(jobId!, actor).catch(() => undefined);
  const onInterrupt = () => {
    process.stderr.write("\ncancelling…\n");
    interrupted = true;
    if (jobId) cancel();
  };
  process.on("SIGINT", onInterrupt);
  try {
    const job = await jobs.create({
      ...draft,
      origin: { userId: actor.userId, channelId: "cli", attachmentSizeLimit: Number.MAX_SAFE_INTEGER },
    });
    jobId = job.id;
    if (interrupted) cancel();
    return await finished;
  } finally {
    process.off("SIGINT", onInterrupt);
    await jobs.stop();
    await store.close();
  }
}
