import type { ComfyHttp } from "../comfy/http.js";
import type { JobRecord } from "./job.js";
import type { CancelOutcome } from "./presenter.js";

export type RemoteCancel = (job: JobRecord) => Promise<Exclude<CancelOutcome, "removed">>;

/** Takes a job's prompt off its server: deleted while still pending there, interrupted once it runs. */
export function createRemoteCancel(serverFor: (job: JobRecord) => ComfyHttp | undefined): RemoteCancel {
  return async (job) => {
    const http = serverFor(job);
    const promptId = job.promptId;
    if (!http || !promptId) return "deleted_from_server";
    const queue = await http.queue();
    if (queue.pending.some((item) => item.promptId === promptId)) {
      await http.deleteFromQueue([promptId]);
      return "deleted_from_server";
    }
    await http.interrupt(promptId);
    return "interrupted";
  };
}
