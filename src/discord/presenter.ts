import type { APIEmbed } from "discord.js";
import type { Clock } from "../clock.js";
import { type Message, render, t } from "../i18n/translate.js";
import { errorText } from "../i18n/error-text.js";
import type { JobRecord } from "../jobs/job.js";
import type { CancelOutcome, DeliveredHow, JobPresenter } from "../jobs/presenter.js";
import type { ProgressSnapshot } from "../jobs/progress.js";
import type { Logger } from "../logger.js";
import { type EditPolicy, defaultEditPolicy, nextEditAllowedAt } from "./edit-policy.js";
import {
  cancelRow,
  cancelledEmbed,
  failedEmbed,
  jobLocale,
  progressEmbed,
  queuedEmbed,
} from "./job-embeds.js";
import { deliverResult } from "./deliver-result.js";
import { keepInput } from "./kept-input.js";
import { createNothingFits } from "./nothing-fits.js";
import { postForJob } from "./post-fallback.js";
import type { MessageChannel } from "./message-channel.js";
import { formatEta } from "./progress-bar.js";
import { ProgressPreviews } from "./progress-previews.js";
import type { PreviewImage } from "../jobs/lane.js";

export interface DiscordPresenterDeps {
  channel: MessageChannel;
  logger: Logger;
  now: () => number;
  timers?: Clock;
  policy?: EditPolicy;
  /** Spacing between edits in one channel, whatever job they belong to (Discord: ~5 per 5 s). */
  channelSpacingMs?: number;
  /** A public link to the job's full video, when a link server is configured. */
  linkFor?: (job: JobRecord) => Promise<string | undefined>;
  /** ADMIN_USERS, told once when a video could not be delivered at all. */
  adminUserIds?: readonly string[];
  /** The bot's own user id, to recognise its earlier posts. */
  botUserId?: () => string | undefined;
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
  private readonly timers: Clock;
  private readonly policy: EditPolicy;
  private readonly spacing: number;

  constructor(private readonly deps: DiscordPresenterDeps) {
    this.timers = deps.timers ?? {
      setTimeout: (cb, ms) => setTimeout(cb, ms),
      clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
    };
    this.policy = deps.policy ?? defaultEditPolicy;
    this.spacing = deps.channelSpacingMs ?? 1_200;
    this.previews = new ProgressPreviews(deps.previews ?? false);
    this.nothingFits = createNothingFits({
      channel: deps.channel,
      logger: deps.logger,
      adminUserIds: deps.adminUserIds ?? [],
    });
  }

  private readonly nothingFits: (job: JobRecord) => Promise<string>;
  private readonly previews: ProgressPreviews;

  preview(job: JobRecord, image: PreviewImage): void {
    this.previews.offer(job.id, image);
  }

  /** Edits made to progress messages since start, for benchmarks and logs. */
  editCount = 0;

  async queued(job: JobRecord, position: number): Promise<void> {
    this.schedule(job, `queued:${position}`, () => queuedEmbed(job, position));
  }

  progress(job: JobRecord, snapshot: ProgressSnapshot): void {
    const eta = snapshot.etaMs === undefined ? "" : formatEta(snapshot.etaMs);
    this.schedule(job, `p:${snapshot.percent}:${snapshot.phase}:${eta}`, () => progressEmbed(job, snapshot));
  }

  async delivered(job: JobRecord): Promise<DeliveredHow | void> {
    return deliverResult(job, {
      channel: this.deps.channel,
      logger: this.deps.logger,
      linkFor: this.deps.linkFor,
      nothingFits: this.nothingFits,
      botUserId: this.deps.botUserId ?? (() => undefined),
      finalEdit: (j, body) => this.finalEdit(j, body),
    });
  }

  async failed(job: JobRecord): Promise<void> {
    await this.finalEdit(job, { embeds: [failedEmbed(job)], components: [] });
    if (job.origin.messageId) {
      const locale = jobLocale(job);
      await postForJob(
        this.deps.channel,
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
        this.deps.logger,
      ).catch((error) => this.deps.logger.warn({ jobId: job.id, err: error }, "failure ping failed"));
    }
  }

  async cancelled(job: JobRecord, outcome: CancelOutcome): Promise<void> {
    const how = t(jobLocale(job), `cancelled.${outcome}`);
    await this.finalEdit(job, { embeds: [cancelledEmbed(job, how)], components: [] });
  }

  async notice(job: JobRecord, message: Message): Promise<void> {
    await postForJob(
      this.deps.channel,
      job,
      {
        content: `<@${job.origin.userId}> ${render(jobLocale(job), message)}`,
        allowed_mentions: { users: [job.origin.userId] },
        ...(job.origin.messageId
          ? { message_reference: { message_id: job.origin.messageId, fail_if_not_exists: false } }
          : {}),
      },
      undefined,
      this.deps.logger,
    ).catch((error) => this.deps.logger.warn({ jobId: job.id, err: error }, "notice failed"));
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
      const body = keepInput(job, {
        embeds: [embed],
        components: [cancelRow(job.id, jobLocale(job))],
        allowed_mentions: noMentions,
      });
      const attachments = preview.attachments
        ? { attachments: [...(body.attachments ?? []), ...preview.attachments] }
        : {};
      const answer = await this.deps.channel.edit(job.origin, { ...body, ...attachments }, preview.files);
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
    const hadPreview = this.previews.forget(job.id);
    const final = keepInput(job, { ...body, allowed_mentions: noMentions });
    await this.deps.channel.edit(job.origin, hadPreview ? { attachments: [], ...final } : final);
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
