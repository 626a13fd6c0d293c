import { t } from "../i18n/translate.js";
import type { JobRecord } from "../jobs/job.js";
import type { Logger } from "../logger.js";
import { jobLocale } from "./job-embeds.js";
import type { MessageChannel } from "./message-channel.js";

export interface NothingFitsDeps {
  channel: MessageChannel;
  logger: Logger;
  /** ADMIN_USERS: told once per process by direct message. */
  adminUserIds: readonly string[];
}

/**
 * The last resort when the video fits neither as a file nor as the compact file, there is no link
 * server, and ComfyUI could not write a smaller version that fits: the user reads what happened in plain words (no setting names), the owner learns the
 * fix from the log, `doctor` and, once per process, a direct message to each admin.
 * Returns the sentence the job's message shows.
 */
export function createNothingFits(deps: NothingFitsDeps): (job: JobRecord) => Promise<string> {
  let adminsTold = false;
  return async (job) => {
    const sentence = t(jobLocale(job), "delivery.nothingFits");
    const limit = job.origin.attachmentSizeLimit;
    deps.logger.warn(
      { jobId: job.id, size: job.result?.size, limit },
      "video too big for the channel, no link server (set PUBLIC_BASE_URL), and no smaller version could be made on ComfyUI; it stays in DATA_DIR/videos",
    );
    if (!adminsTold && deps.adminUserIds.length > 0) {
      adminsTold = true;
      const text =
        `A finished video (job ${job.id}) was too big for <#${job.origin.channelId}> (limit ${Math.round(limit / 1024 / 1024)} MiB) ` +
        "and could not be delivered: no link server is set, and ComfyUI could not write a smaller version " +
        "(it needs VideoHelperSuite's Load Video node). Set PUBLIC_BASE_URL (and LINK_PORT) so " +
        "such videos are sent as links; `npm run cli -- doctor` checks it. The video is kept in DATA_DIR/videos.";
      await Promise.all(
        deps.adminUserIds.map((id) =>
          deps.channel
            .direct(id, { content: text, allowed_mentions: { parse: [] } })
            .catch((error: unknown) => deps.logger.warn({ err: error }, "could not tell an admin")),
        ),
      );
    }
    return sentence;
  };
}
