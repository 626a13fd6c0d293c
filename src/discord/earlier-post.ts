import { z } from "zod";
import type { JobRecord } from "../jobs/job.js";
import type { Logger } from "../logger.js";
import type { MessageChannel } from "./message-channel.js";

const postedSchema = z.array(
  z.looseObject({
    id: z.string(),
    author: z.looseObject({ id: z.string() }),
    components: z.array(z.unknown()).default([]),
  }),
);

/** The marker every result post carries whatever its nonce: the Reroll button's custom id. */
export const resultMarker = (jobId: string) => `"custom_id":"reroll:${jobId}"`;

/**
 * The bot's own earlier result post of this job, found among the channel's messages after the job's
 * message (Get Channel Messages, docs: resources/message#get-channel-messages). Discord keeps an
 * enforced nonce only "for the past few minutes", so after a longer outage this is what prevents a
 * second post. A channel the bot cannot read answers nothing and the nonce stays the only guard.
 */
export async function findEarlierPost(
  channel: MessageChannel,
  job: JobRecord,
  botUserId: string | undefined,
  log: Logger,
): Promise<string | undefined> {
  if (!botUserId) return undefined;
  let after = job.origin.messageId;
  try {
    for (let page = 0; page < 3; page++) {
      const messages = postedSchema.parse(await channel.recent(job.origin.channelId, after));
      const found = messages.find(
        (m) => m.author.id === botUserId && JSON.stringify(m.components).includes(resultMarker(job.id)),
      );
      if (found) return found.id;
      if (messages.length < 100) return undefined;
      // Newest first: the next page starts after the newest one seen.
      after = messages[0]!.id;
    }
  } catch (error) {
    log.info({ jobId: job.id, err: error }, "could not look for an earlier result post");
  }
  return undefined;
}
