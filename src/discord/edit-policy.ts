/**
 * When a progress message may be edited again. Discord allows about 5 edits per 5 s per channel and
 * caps edits to messages older than an hour (error 30046), so edits happen only on a visible change,
 * a few seconds apart, and much less often once the message is old.
 */
export interface EditPolicy {
  minIntervalMs: number;
  oldMessageAgeMs: number;
  oldMessageIntervalMs: number;
}

export const defaultEditPolicy: EditPolicy = {
  minIntervalMs: 5_000,
  oldMessageAgeMs: 60 * 60_000,
  oldMessageIntervalMs: 60_000,
};

export function nextEditAllowedAt(
  policy: EditPolicy,
  state: { messageCreatedAt: number; lastEditAt: number | undefined },
  now: number,
): number {
  if (state.lastEditAt === undefined) return now;
  const old = now - state.messageCreatedAt >= policy.oldMessageAgeMs;
  return state.lastEditAt + (old ? policy.oldMessageIntervalMs : policy.minIntervalMs);
}
