import { readFile } from "node:fs/promises";
import type { APIEmbed } from "discord.js";
import { sizeText } from "../i18n/format.js";
import { t } from "../i18n/translate.js";
import { localizeError, localizeNotice } from "../i18n/user-errors.js";
import type { JobRecord } from "../jobs/job.js";
import type { CancelOutcome, DeliveredHow, JobPresenter } from "../jobs/presenter.js";
import type { ProgressSnapshot } from "../jobs/progress.js";
import type { Logger } from "../logger.js";
import { chooseDelivery } from "../media/delivery.js";
import { type EditPolicy, defaultEditPolicy, nextEditAllowedAt } from "./edit-policy.js";
import {
  cancelRow,
  cancelledEmbed,
  doneEmbed,
  failedEmbed,
  finishedRow,
  jobLocale,
  progressEmbed,
  queuedEmbed,
  resultEmbed,
} from "./job-embeds.js";
import { type MessageChannel, isUploadTooLarge } from "./message-channel.js";
import { formatEta } from "./progress-bar.js";
import { ProgressPreviews } from "./progress-previews.js";
import type { PreviewImage } from "../jobs/lane.js";

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface DiscordPresenterDeps {
  channel: MessageChannel;
  logger: Logger;
  now: () => number;
  timers?: Timers;
  policy?: EditPolicy;
  /** Spacing between edits in one channel, whatever job they belong to (Discord: ~5 per 5 s). */
  channelSpacingMs?: number;
  /** A public link to the job's full video, when a link server is configured. */
  linkFor?: (job: JobRecord) => Promise<string | undefined>;
  /** Show ComfyUI's live preview frames on progress edits (PREVIEWS). Default off. */
  previews?: boolean;
}

interface Pending {
  /** What the message shows now, to skip edits that would change nothing visible. */
  shown?: string;
  lastEditAt?: number;
  timer?: unknown;
  next?: { key: string; render: () => APIEmbed };
  inFlight?: Promise<void>;
  closed?: boolean;
}

const noMentions = { parse: [] as string[] };

export class DiscordPresenter implements JobPresenter {
  private readonly state = new Map<string, Pending>();
  private readonly channelNext = new Map<string, number>();
  private readonly timers: Timers;
  private readonly policy: EditPolicy;
  private readonly spacing: number;
  private readonly previews: ProgressPreviews;

  constructor(private readonly deps: DiscordPresenterDeps) {
    this.timers = deps.timers ?? {
      setTimeout: (cb, ms) => setTimeout(cb, ms),
      clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
    };
    this.policy = deps.policy ?? defaultEditPolicy;
    this.spacing = deps.channelSpacingMs ?? 1_200;
    this.previews = new ProgressPreviews(deps.previews ?? false);
  }

  /** Edits made to progress messages since start, for benchmarks and logs. */
  editCount = 0;

  async queued(job: JobRecord, position: number): Promise<void> {
    this.schedule(job, `queued:${position}`, () => queuedEmbed(job, position));
  }

  progress(job: JobRecord, snapshot: ProgressSnapshot): void {
    const eta = snapshot.etaMs === undefined ? "" : formatEta(snapshot.etaMs);
    const key =
      snapshot.ahead === undefined ? `p:${snapshot.percent}:${snapshot.phase}:${eta}` : `w:${snapshot.ahead}`;
    this.schedule(job, key, () => progressEmbed(job, snapshot));
  }

  preview(job: JobRecord, image: PreviewImage): void {
    this.previews.offer(job.id, image);
  }

  async delivered(job: JobRecord): Promise<DeliveredHow | void> {
    const result = job.result;
    if (!result) throw new Error("delivered without a result");
    const choice = chooseDelivery(
      { full: result.size, compact: result.compactSize },
      job.origin.attachmentSizeLimit,
    );
    const locale = jobLocale(job);
    const limit = sizeText(locale, job.origin.attachmentSizeLimit);
    let how: string;
    let delivered: DeliveredHow | undefined;
    if (choice.kind === "attach") {
      const path = choice.which === "full" ? result.videoPath : result.compactPath!;
      const size = choice.which === "full" ? result.size : result.compactSize!;
      how =
        choice.which === "full"
          ? t(locale, "delivery.attached", { size: sizeText(locale, size) })
          : t(locale, "delivery.compact", {
              full: sizeText(locale, result.size),
              limit,
              size: sizeText(locale, size),
            });
      try {
        const data = await readFile(path);
        await this.postResult(job, how, { name: `oelala-${job.id.slice(0, 8)}.mp4`, data });
        delivered = "attached";
      } catch (error) {
        if (!isUploadTooLarge(error)) throw error;
        this.deps.logger.warn({ jobId: job.id, err: error }, "upload refused; sending a link");
        ({ how, delivered } = await this.postLink(job, t(locale, "delivery.refused")));
      }
    } else {
      ({ how, delivered } = await this.postLink(
        job,
        t(locale, "delivery.tooLarge", { size: sizeText(locale, result.size), limit }),
      ));
    }
    const note = t(locale, "delivery.postedBelow", { how });
    await this.finalEdit(job, { embeds: [doneEmbed(job, note)], components: [] });
    return delivered;
  }

  async failed(job: JobRecord): Promise<void> {
    await this.finalEdit(job, { embeds: [failedEmbed(job)], components: [] });
    if (job.origin.messageId) {
      const locale = jobLocale(job);
      await this.deps.channel
        .post(job.origin.channelId, {
          content: t(locale, "result.failed", {
            mention: `<@${job.origin.userId}>`,
            message: job.error ? localizeError(locale, job.error) : t(locale, "result.unknownError"),
            id: job.error?.correlationId ?? "-",
          }),
          allowed_mentions: { users: [job.origin.userId] },
          message_reference: { message_id: job.origin.messageId, fail_if_not_exists: false },
        })
        .catch((error) => this.deps.logger.warn({ jobId: job.id, err: error }, "failure ping failed"));
    }
  }

  async cancelled(job: JobRecord, outcome: CancelOutcome): Promise<void> {
    const how = t(jobLocale(job), `cancelled.${outcome}`);
    await this.finalEdit(job, { embeds: [cancelledEmbed(job, how)], components: [] });
  }

  async notice(job: JobRecord, text: string): Promise<void> {
    await this.deps.channel
      .post(job.origin.channelId, {
        content: `<@${job.origin.userId}> ${localizeNotice(jobLocale(job), text)}`,
        allowed_mentions: { users: [job.origin.userId] },
        ...(job.origin.messageId
          ? { message_reference: { message_id: job.origin.messageId, fail_if_not_exists: false } }
          : {}),
      })
      .catch((error) => this.deps.logger.warn({ jobId: job.id, err: error }, "notice failed"));
  }

  private async postResult(
    job: JobRecord,
    how: string,
    file?: { name: string; data: Buffer },
    link?: string,
  ) {
    const locale = jobLocale(job);
    const mention = `<@${job.origin.userId}>`;
    const content = link
      ? t(locale, "result.readyWithLink", { mention, link })
      : t(locale, "result.ready", { mention });
    const posted = await this.deps.channel.post(
      job.origin.channelId,
      {
        content,
        embeds: [resultEmbed(job, how)],
        components: [finishedRow(job.id, locale, { canContinue: Boolean(job.result?.lastFramePath) })],
        allowed_mentions: { users: [job.origin.userId] },
        // Discord returns the earlier message instead of posting twice when a restarted bot delivers again.
        nonce: job.id.replace(/-/g, "").slice(0, 25),
        enforce_nonce: true,
      },
      file ? [{ name: file.name, data: file.data, contentType: "video/mp4" }] : undefined,
    );
    job.resultMessageId = posted.id;
  }

  private async postLink(job: JobRecord, why: string): Promise<{ how: string; delivered?: DeliveredHow }> {
    const link = await this.deps.linkFor?.(job);
    const how = t(jobLocale(job), link ? "delivery.link" : "delivery.noLink", { why });
    await this.postResult(job, how, undefined, link);
    // Without a link the video stays on our disk for the owner; with one, the link server serves it.
    return link ? { how, delivered: "linked" } : { how };
  }

  private schedule(job: JobRecord, key: string, render: () => APIEmbed) {
    const pending = this.pendingFor(job.id);
    if (pending.closed || pending.shown === key) return;
    pending.next = { key, render };
    if (pending.timer !== undefined || pending.inFlight) return;
    this.arm(job, pending);
  }

  private arm(job: JobRecord, pending: Pending) {
    const now = this.deps.now();
    const createdAt = job.origin.interactionAt ?? job.createdAt;
    const allowed = Math.max(
      nextEditAllowedAt(this.policy, { messageCreatedAt: createdAt, lastEditAt: pending.lastEditAt }, now),
      this.channelNext.get(job.origin.channelId) ?? 0,
    );
    pending.timer = this.timers.setTimeout(
      () => {
        pending.timer = undefined;
        pending.inFlight = this.flush(job, pending).finally(() => {
          pending.inFlight = undefined;
          if (pending.next && pending.next.key !== pending.shown && !pending.closed) this.arm(job, pending);
        });
      },
      Math.max(0, allowed - now),
    );
  }

  private async flush(job: JobRecord, pending: Pending) {
    const next = pending.next;
    if (!next || pending.closed || next.key === pending.shown) return;
    pending.next = undefined;
    this.reserveChannelSlot(job.origin.channelId);
    try {
      const preview = await this.previews.forEdit(job.id);
      const embed = next.render();
      if (preview.imageUrl) embed.image = { url: preview.imageUrl };
      const answer = await this.deps.channel.edit(
        job.origin,
        {
          embeds: [embed],
          components: [cancelRow(job.id, jobLocale(job))],
          allowed_mentions: noMentions,
          ...(preview.attachments ? { attachments: preview.attachments } : {}),
        },
        preview.files,
      );
      this.previews.edited(job.id, answer, preview);
      pending.shown = next.key;
      this.editCount++;
    } catch (error) {
      this.deps.logger.warn({ jobId: job.id, err: error }, "progress edit failed");
    } finally {
      pending.lastEditAt = this.deps.now();
    }
  }

  private async finalEdit(job: JobRecord, body: { embeds: APIEmbed[]; components: [] }) {
    const pending = this.pendingFor(job.id);
    pending.closed = true;
    if (pending.timer !== undefined) this.timers.clearTimeout(pending.timer);
    await pending.inFlight;
    this.state.delete(job.id);
    await this.waitForChannelSlot(job.origin.channelId);
    await this.deps.channel.edit(job.origin, {
      ...body,
      ...this.previews.forFinal(job.id),
      allowed_mentions: noMentions,
    });
  }

  /** Final edits must happen, but still keep the channel's pace. */
  private waitForChannelSlot(channelId: string): Promise<void> {
    const delay = Math.max(0, (this.channelNext.get(channelId) ?? 0) - this.deps.now());
    this.reserveChannelSlot(channelId);
    if (delay === 0) return Promise.resolve();
    return new Promise((resolve) => this.timers.setTimeout(resolve, delay));
  }

  private reserveChannelSlot(channelId: string) {
    const now = this.deps.now();
    this.channelNext.set(channelId, Math.max(now, this.channelNext.get(channelId) ?? 0) + this.spacing);
  }

  private pendingFor(jobId: string): Pending {
    let pending = this.state.get(jobId);
    // A job is first seen right after its message was shown, which counts as an edit for pacing.
    if (!pending) this.state.set(jobId, (pending = { lastEditAt: this.deps.now() }));
    return pending;
  }
}
