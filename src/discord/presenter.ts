import type { APIEmbed } from "discord.js";
import { type Clock, realClock } from "../clock.js";
import { type Message, t } from "../i18n/translate.js";
import type { DeliveryPlan } from "../jobs/delivery-plan.js";
import type { JobRecord } from "../jobs/job.js";
import type { PreviewImage } from "../jobs/lane.js";
import type { CancelOutcome, DeliveredHow, JobPresenter } from "../jobs/presenter.js";
import type { ProgressSnapshot } from "../jobs/progress.js";
import type { Logger } from "../logger.js";
import { ChannelPacing } from "./channel-pacing.js";
import { deliverResult } from "./deliver-result.js";
import { EditCoalescing } from "./edit-coalescing.js";
import { type EditPolicy, defaultEditPolicy } from "./edit-policy.js";
import {
  cancelRow,
  cancelledEmbed,
  failedEmbed,
  jobLocale,
  progressEmbed,
  queuedEmbed,
} from "./job-embeds.js";
import { postFailure, postNotice } from "./job-notices.js";
import { keepInput } from "./kept-input.js";
import type { MessageChannel } from "./message-channel.js";
import { createNothingFits } from "./nothing-fits.js";
import { formatEta } from "./progress-bar.js";
import { ProgressPreviews } from "./progress-previews.js";

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

const noMentions = { parse: [] as string[] };

/**
 * The job presenter on Discord: progress through coalesced, paced edits of the job's message
 * (edit-coalescing.ts, channel-pacing.ts), the result posted as the core planned it (deliver-result.ts),
 * failures and notices as replies (job-notices.ts).
 */
export class DiscordPresenter implements JobPresenter {
  private readonly pacing: ChannelPacing;
  private readonly edits: EditCoalescing;
  private readonly previews: ProgressPreviews;
  private readonly nothingFits: (job: JobRecord) => Promise<string>;

  constructor(private readonly deps: DiscordPresenterDeps) {
    const timers = deps.timers ?? realClock;
    this.pacing = new ChannelPacing(deps.channelSpacingMs ?? 1_200, deps.now, timers);
    this.previews = new ProgressPreviews(deps.previews ?? false);
    this.edits = new EditCoalescing({
      policy: deps.policy ?? defaultEditPolicy,
      pacing: this.pacing,
      timers,
      now: deps.now,
      logger: deps.logger,
      edit: (job, embed) => this.progressEdit(job, embed),
    });
    this.nothingFits = createNothingFits({
      channel: deps.channel,
      logger: deps.logger,
      adminUserIds: deps.adminUserIds ?? [],
    });
  }

  /** Edits made to progress messages since start, for benchmarks and logs. */
  get editCount(): number {
    return this.edits.editCount;
  }

  preview(job: JobRecord, image: PreviewImage): void {
    this.previews.offer(job.id, image);
  }

  async queued(job: JobRecord, position: number): Promise<void> {
    this.edits.schedule(job, `queued:${position}`, () => queuedEmbed(job, position));
  }

  progress(job: JobRecord, snapshot: ProgressSnapshot): void {
    const eta = snapshot.etaMs === undefined ? "" : formatEta(snapshot.etaMs);
    const waits = snapshot.held ? "held" : (snapshot.ahead ?? "");
    this.edits.schedule(job, `p:${snapshot.percent}:${snapshot.phase}:${eta}:${waits}`, () =>
      progressEmbed(job, snapshot),
    );
  }

  async delivered(job: JobRecord, plan: DeliveryPlan): Promise<DeliveredHow | void> {
    return deliverResult(job, plan, {
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
    await postFailure(this.deps.channel, job, this.deps.logger);
  }

  async cancelled(job: JobRecord, outcome: CancelOutcome): Promise<void> {
    const how = t(jobLocale(job), `cancelled.${outcome}`);
    await this.finalEdit(job, { embeds: [cancelledEmbed(job, how)], components: [] });
  }

  async notice(job: JobRecord, message: Message): Promise<void> {
    await postNotice(this.deps.channel, job, message, this.deps.logger);
  }

  /** One progress edit, carrying the latest preview frame when there is one. */
  private async progressEdit(job: JobRecord, embed: APIEmbed): Promise<void> {
    const preview = await this.previews.forEdit(job.id);
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
  }

  /** The job's last edit: after any progress edit in flight, in the channel's pace. */
  private async finalEdit(job: JobRecord, body: { embeds: APIEmbed[]; components: [] }) {
    await this.edits.close(job.id);
    await this.pacing.wait(job.origin.channelId);
    const hadPreview = this.previews.forget(job.id);
    const final = keepInput(job, { ...body, allowed_mentions: noMentions });
    await this.deps.channel.edit(job.origin, hadPreview ? { attachments: [], ...final } : final);
  }
}
