import type { APIInteraction } from "discord.js";
import type { RecordedCallback } from "./index.js";
import type { InteractionMeta } from "./messages.js";

/** Interaction types: 1 ping, 2 command, 3 component, 4 autocomplete, 5 modal submit. */
export const allowedCallbacks: Record<number, readonly number[]> = {
  1: [1],
  2: [4, 5, 9],
  3: [4, 5, 6, 7, 9],
  4: [8],
  5: [4, 5, 6, 7],
};

export interface InteractionRecord {
  id: string;
  token: string;
  type: number;
  channelId: string;
  createdAt: number;
  payload: APIInteraction;
  meta: InteractionMeta;
  /** Message type of responses: 20 chat input, 23 context menu, 0 otherwise. */
  messageType: number;
  /** The message a component/modal interaction came from. */
  sourceMessageId: string | null;
  ackType: number | null;
  originalMessageId: string | null;
  followUpIds: string[];
  forcedExpired: boolean;
  callbacks: RecordedCallback[];
}

export type TokenState = "valid" | "expired" | "unknown";

export class InteractionStore {
  private readonly byId = new Map<string, InteractionRecord>();
  private readonly byToken = new Map<string, InteractionRecord>();

  constructor(
    private readonly now: () => number,
    private readonly tokenLifetimeMs: number,
    private readonly ackDeadlineMs: number,
  ) {}

  add(record: InteractionRecord): void {
    this.byId.set(record.id, record);
    this.byToken.set(record.token, record);
  }

  get(id: string): InteractionRecord | undefined {
    return this.byId.get(id);
  }

  withToken(token: string): InteractionRecord | undefined {
    return this.byToken.get(token);
  }

  /** The webhook token dies after its lifetime, when forced, or when the 3 s ack deadline passed unanswered. */
  tokenState(record: InteractionRecord | undefined): TokenState {
    if (!record) return "unknown";
    if (record.forcedExpired || this.now() - record.createdAt >= this.tokenLifetimeMs) return "expired";
    if (record.ackType === null && this.isLate(record)) return "expired";
    return "valid";
  }

  isLate(record: InteractionRecord): boolean {
    return this.now() - record.createdAt > this.ackDeadlineMs;
  }

  expire(token: string): void {
    const record = this.byToken.get(token);
    if (!record) throw new Error(`fake Discord: no interaction with token ${token.slice(0, 12)}…`);
    record.forcedExpired = true;
  }
}
