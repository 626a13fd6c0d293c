import { copyFile, mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { UserError, userErrorOf } from "../errors.js";
import { render } from "../i18n/translate.js";
import type { JobRecord } from "../jobs/job.js";
import type { CancelOutcome, JobPresenter } from "../jobs/presenter.js";
import { createTerminalProgress } from "./terminal-progress.js";

/** A render stopped by the user (Ctrl-C); `outcome` says what became of the prompt on the server. */
export class RenderCancelled extends Error {
  override readonly name = "RenderCancelled";
  constructor(readonly outcome: CancelOutcome) {
    super(cancelSentences[outcome]);
  }
}

const cancelSentences: Record<CancelOutcome, string> = {
  removed: "cancelled before the prompt reached the ComfyUI server",
  deleted_from_server: "cancelled; the prompt was taken out of the ComfyUI server's queue",
  interrupted: "cancelled; the ComfyUI server stopped the prompt",
};

/**
 * The job presenter of one `render` on a terminal: the progress bar on stderr, the finished video
 * copied to `out` (its path on stdout), and `finished` settling with how the job ended.
 */
export function createTerminalPresenter(out: string, stream: NodeJS.WriteStream = process.stderr) {
  const bar = createTerminalProgress(stream);
  let settle!: { resolve(path: string): void; reject(error: Error): void };
  const finished = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));

  const presenter: JobPresenter = {
    queued: async (_job, position) => {
      if (position > 1) stream.write(`waiting: ${position - 1} prompt(s) ahead on the server\n`);
    },
    progress: (_job, snapshot) => bar.update(snapshot),
    async delivered(job: JobRecord) {
      bar.done();
      try {
        await mkdir(dirname(out), { recursive: true });
        await copyFile(job.result!.videoPath, out);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? "error";
        const refusal = new UserError("error.OUTPUT_UNWRITABLE", { path: out, reason: code });
        settle.reject(refusal);
        throw refusal;
      }
      settle.resolve(out);
      return "attached";
    },
    failed: async (job) => {
      bar.done();
      const error = job.error;
      settle.reject(
        error ? userErrorOf(error, { detail: error.detail }) : new UserError("error.INTERNAL", {}),
      );
    },
    cancelled: async (_job, outcome) => {
      bar.done();
      settle.reject(new RenderCancelled(outcome));
    },
    notice: async (_job, message) => void stream.write(`note: ${render("en", message)}\n`),
  };
  return { presenter, finished };
}
