import { readFile } from "node:fs/promises";
import type { APIEmbed } from "discord.js";
import { sizeText } from "../i18n/format.js";
import { t } from "../i18n/translate.js";
import type { JobRecord } from "../jobs/job.js";
import type { DeliveryPlan } from "../jobs/delivery-plan.js";
import type { DeliveredHow } from "../jobs/presenter.js";
import type { Logger } from "../logger.js";
import { findEarlierPost } from "./earlier-post.js";
import { doneEmbed, finishedRow, jobLocale, resultEmbed } from "./job-embeds.js";
import { type MessageChannel, isUploadTooLarge } from "./message-channel.js";
import { postForJob } from "./post-fallback.js";

export interface DeliverResultDeps {
  channel: MessageChannel;
  logger: Logger;
  linkFor?: ((job: JobRecord) => Promise<string | undefined>) | undefined;
  /** The "nothing fit" last resort (no file fits, no link server): returns the sentence to show. */
  nothingFits: (job: JobRecord) => Promise<string>;
  botUserId: () => string | undefined;
  /** The job message's last edit (the presenter keeps the channel's pace). */
  finalEdit: (job: JobRecord, body: { embeds: APIEmbed[]; components: [] }) => Promise<void>;
}

type Outcome = { how: string; delivered?: DeliveredHow; posted: boolean };

/** The file a plan attaches, and the sentence that says which one it is. */
function attachment(job: JobRecord, which: "full" | "compact" | "smaller") {
  const result = job.result!;
  const locale = jobLocale(job);
  const limit = sizeText(locale, job.origin.attachmentSizeLimit);
  const full = sizeText(locale, result.size);
  if (which === "full")
    return { path: result.videoPath, how: t(locale, "delivery.attached", { size: full }) };
  if (which === "compact") {
    const size = sizeText(locale, result.compactSize ?? 0);
    return { path: result.compactPath!, how: t(locale, "delivery.compact", { full, limit, size }) };
  }
  const smaller = result.smaller!;
  const size = sizeText(locale, smaller.size);
  return {
    path: smaller.path,
    how: t(locale, "delivery.smaller", { full, limit, size, width: smaller.width, height: smaller.height }),
  };
}

/**
 * Posts the finished video as the core planned it (file, compact file, smaller version or link) once,
 * then turns the job's message into its "done" state. "Posted below" is only said when something was
 * posted.
 */
export async function deliverResult(
  job: JobRecord,
  plan: DeliveryPlan,
  deps: DeliverResultDeps,
): Promise<DeliveredHow | void> {
  const result = job.result;
  if (!result) throw new Error("delivered without a result");
  const locale = jobLocale(job);
  const limit = sizeText(locale, job.origin.attachmentSizeLimit);
  let outcome: Outcome;
  if (plan.kind === "attach") {
    const { path, how } = attachment(job, plan.which);
    try {
      const data = await readFile(path);
      await postResult(job, deps, how, { name: `oelala-${job.id.slice(0, 8)}.mp4`, data });
      outcome = { how, delivered: "attached", posted: true };
    } catch (error) {
      if (!isUploadTooLarge(error)) throw error;
      deps.logger.warn({ jobId: job.id, err: error }, "upload refused; sending a link");
      outcome = await postLink(job, deps, t(locale, "delivery.refused"));
    }
  } else if (plan.kind === "link") {
    outcome = await postLink(
      job,
      deps,
      t(locale, "delivery.tooLarge", { size: sizeText(locale, result.size), limit }),
    );
  } else {
    outcome = { how: await deps.nothingFits(job), posted: false };
  }
  const note = outcome.posted ? t(locale, "delivery.postedBelow", { how: outcome.how }) : outcome.how;
  await deps.finalEdit(job, { embeds: [doneEmbed(job, note)], components: [] });
  return outcome.delivered;
}

async function postResult(
  job: JobRecord,
  deps: DeliverResultDeps,
  how: string,
  file?: { name: string; data: Buffer },
  link?: string,
): Promise<void> {
  // A restarted bot may have posted this already, longer ago than Discord keeps nonces.
  const earlier = await findEarlierPost(deps.channel, job, deps.botUserId(), deps.logger);
  if (earlier) {
    deps.logger.info({ jobId: job.id, messageId: earlier }, "result was already posted; not posting again");
    job.resultMessageId = earlier;
    return;
  }
  const locale = jobLocale(job);
  const mention = `<@${job.origin.userId}>`;
  const content = link
    ? t(locale, "result.readyWithLink", { mention, link })
    : t(locale, "result.ready", { mention });
  const posted = await postForJob(
    deps.channel,
    job,
    {
      content,
      embeds: [resultEmbed(job, how)],
      components: [finishedRow(job.id, locale, { canContinue: Boolean(job.result?.lastFramePath) })],
      allowed_mentions: { users: [job.origin.userId] },
      // The fast path: Discord returns the earlier message instead of posting twice within minutes.
      nonce: job.id.replace(/-/g, "").slice(0, 25),
      enforce_nonce: true,
    },
    file ? [{ name: file.name, data: file.data, contentType: "video/mp4" }] : undefined,
    deps.logger,
  );
  // Reroll and Again are only taken from this message (stored with the job when it is saved done).
  job.resultMessageId = posted.id;
}

async function postLink(job: JobRecord, deps: DeliverResultDeps, why: string): Promise<Outcome> {
  const link = await deps.linkFor?.(job);
  if (!link) return { how: await deps.nothingFits(job), posted: false };
  const how = t(jobLocale(job), "delivery.link", { why });
  await postResult(job, deps, how, undefined, link);
  return { how, delivered: "linked", posted: true };
}
