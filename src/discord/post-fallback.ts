import type { RawFile } from "discord.js";
import { t } from "../i18n/translate.js";
import type { JobRecord } from "../jobs/job.js";
import type { Logger } from "../logger.js";
import { jobLocale } from "./job-embeds.js";
import { type MessageChannel, isDeadToken, isMissingPermission } from "./message-channel.js";

export interface JobPost {
  content: string;
  [field: string]: unknown;
}

/**
 * Posts a job's message in its channel; when the bot lost its permission there (403 50001/50013),
 * delivers through the interaction webhook while its token lives (interaction responses need no
 * channel permission), else by direct message to the job's owner, saying why.
 */
export async function postForJob(
  channel: MessageChannel,
  job: JobRecord,
  body: JobPost,
  files: RawFile[] | undefined,
  log: Logger,
): Promise<{ id: string; via: "channel" | "interaction" | "direct" }> {
  try {
    return { ...(await channel.post(job.origin.channelId, body, files)), via: "channel" };
  } catch (error) {
    if (!isMissingPermission(error)) throw error;
    log.warn({ jobId: job.id, err: error }, "no permission to post in the channel; delivering another way");
  }
  // Webhook and DM messages take no nonce and no reply reference.
  const { nonce: _n, enforce_nonce: _e, message_reference: _r, ...rest } = body;
  if (channel.tokenFresh(job.origin)) {
    try {
      return { ...(await channel.followUp(job.origin, rest, files)), via: "interaction" };
    } catch (error) {
      if (!isDeadToken(error)) throw error;
    }
  }
  const why = t(jobLocale(job), "delivery.direct", { channel: `<#${job.origin.channelId}>` });
  return {
    ...(await channel.direct(job.origin.userId, { ...rest, content: `${why}\n${rest.content}` }, files)),
    via: "direct",
  };
}
