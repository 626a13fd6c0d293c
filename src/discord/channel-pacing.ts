import type { Clock } from "../clock.js";

/**
 * Spacing between edits in one channel, whatever job they belong to (Discord allows about 5 per 5 s
 * per channel): each edit reserves the next free slot.
 */
export class ChannelPacing {
  private readonly next = new Map<string, number>();

  constructor(
    private readonly spacingMs: number,
    private readonly now: () => number,
    private readonly timers: Clock,
  ) {}

  /** The earliest time the next edit in this channel may go. */
  nextAt(channelId: string): number {
    return this.next.get(channelId) ?? 0;
  }

  reserve(channelId: string): void {
    this.next.set(channelId, Math.max(this.now(), this.nextAt(channelId)) + this.spacingMs);
  }

  /** Waits for this channel's next slot and takes it: edits that must happen still keep the pace. */
  wait(channelId: string): Promise<void> {
    const delay = Math.max(0, this.nextAt(channelId) - this.now());
    this.reserve(channelId);
    if (delay === 0) return Promise.resolve();
    return new Promise((resolve) => this.timers.setTimeout(resolve, delay));
  }
}
