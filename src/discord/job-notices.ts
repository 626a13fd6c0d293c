import { errorText } from "../i18n/error-text.js";
import { type Message, render, t } from "../i18n/translate.js";
import type { JobRecord } from "../jobs/job.js";
import type { Logger } from "../logger.js";
import { jobLocale } from "./job-embeds.js";
import type { MessageChannel } from "./message-channel.js";
import { postForJob } from "./post-fallback.js";

/** The ping that tells the requester their video failed, as a reply to the job's message. */
export async function postFailure(channel: MessageChannel, job: JobRecord, logger: Logger): Promise<void> {
  if (!job.origin.messageId) return;
  const locale = jobLocale(job);
  await postForJob(
    channel,
    job,
    {
      content: t(locale, "result.failed", {
        mention: `<@${job.origin.userId}>`,
        message: job.error ? errorText(locale, job.error) : t(locale, "result.unknownError"),
        id: job.error?.correlationId ?? "-",
      }),
      allowed_mentions: { users: [job.origin.userId] },
      message_reference: { message_id: job.origin.messageId, fail_if_not_exists: false },
    },
    undefined,
    logger,
  ).catch((error) => logger.warn({ jobId: job.id, err: error }, "failure ping failed"));
}

/** Something the requester should know that is not progress, as a reply to the job's message. */
export async function postNotice(
  channel: MessageChannel,
  job: JobRecord,
  message: Message,
  logger: Logger,
): Promise<void> {
  await postForJob(
    channel,
    job,
    {
      content: `<@${job.origin.userId}> ${render(jobLocale(job), message)}`,
      allowed_mentions: { users: [job.origin.userId] },
      ...(job.origin.messageId
        ? { message_reference: { message_id: job.origin.messageId, fail_if_not_exists: false } }
        : {}),
    },
    undefined,
    logger,
  ).catch((error) => logger.warn({ jobId: job.id, err: error }, "notice failed"));
}
