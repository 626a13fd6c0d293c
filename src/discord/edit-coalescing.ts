import type { APIEmbed } from "discord.js";
import type { JobRecord } from "../jobs/job.js";
import type { Logger } from "../logger.js";
import type { Clock } from "../clock.js";
import type { ChannelPacing } from "./channel-pacing.js";
import { type EditPolicy, nextEditAllowedAt } from "./edit-policy.js";

interface Pending {
  /** What the message shows now, to skip edits that would change nothing visible. */
  shown?: string;
  lastEditAt?: number;
  timer?: unknown;
  next?: { key: string; render: () => APIEmbed };
  inFlight?: Promise<void>;
  closed?: boolean;
}

export interface EditCoalescingDeps {
  policy: EditPolicy;
  pacing: ChannelPacing;
  timers: Clock;
  now: () => number;
  logger: Logger;
  /** Makes one progress edit of the job's message. */
  edit: (job: JobRecord, embed: APIEmbed) => Promise<void>;
}

/**
 * Progress edits of each job's message, coalesced: only the newest state is sent, at most as often as
 * the edit policy and the channel's pace allow, and never one that would show nothing new.
 */
export class EditCoalescing {
  private readonly state = new Map<string, Pending>();
  /** Edits made to progress messages since start, for benchmarks and logs. */
  editCount = 0;

  constructor(private readonly deps: EditCoalescingDeps) {}

  /** Shows `render()` on the job's message soon, unless a newer state replaces it first. */
  schedule(job: JobRecord, key: string, render: () => APIEmbed): void {
    const pending = this.pendingFor(job.id);
    if (pending.closed || pending.shown === key) return;
    pending.next = { key, render };
    if (pending.timer !== undefined || pending.inFlight) return;
    this.arm(job, pending);
  }

  /** No more progress edits for this job; resolves once an edit in flight has landed. */
  async close(jobId: string): Promise<void> {
    const pending = this.pendingFor(jobId);
    pending.closed = true;
    if (pending.timer !== undefined) this.deps.timers.clearTimeout(pending.timer);
    await pending.inFlight;
    this.state.delete(jobId);
  }

  private arm(job: JobRecord, pending: Pending) {
    const now = this.deps.now();
    const createdAt = job.origin.interactionAt ?? job.createdAt;
    const allowed = Math.max(
      nextEditAllowedAt(
        this.deps.policy,
        { messageCreatedAt: createdAt, lastEditAt: pending.lastEditAt },
        now,
      ),
      this.deps.pacing.nextAt(job.origin.channelId),
    );
    pending.timer = this.deps.timers.setTimeout(
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
    this.deps.pacing.reserve(job.origin.channelId);
    try {
      await this.deps.edit(job, next.render());
      pending.shown = next.key;
      this.editCount++;
    } catch (error) {
      this.deps.logger.warn({ jobId: job.id, err: error }, "progress edit failed");
    } finally {
      pending.lastEditAt = this.deps.now();
    }
  }

  private pendingFor(jobId: string): Pending {
    let pending = this.state.get(jobId);
    // A job is first seen right after its message was shown, which counts as an edit for pacing.
    if (!pending) this.state.set(jobId, (pending = { lastEditAt: this.deps.now() }));
    return pending;
  }
}
