import { UserError } from "../errors.js";
import type { QuotaCounter } from "../store/contract.js";
import { quotaRefusal } from "./messages.js";

export interface DailyQuota {
  /** Jobs per user per UTC day; 0 = unlimited. */
  readonly limit: number;
  /** Jobs counted for `userId` today. */
  used(userId: string): Promise<number>;
  /** Throws a QUOTA_EXCEEDED UserError (with the reset time) when nothing is left today. */
  check(userId: string): Promise<void>;
  /** Counts one job, or throws like `check`; the returned function gives it back (job not accepted). */
  reserve(userId: string): Promise<() => Promise<void>>;
}

const dayMs = 86_400_000;

/** The UTC calendar day of `ms`, e.g. "2025-03-09". */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The first millisecond of the UTC day after `ms`. */
export function nextUtcMidnight(ms: number): number {
  return (Math.floor(ms / dayMs) + 1) * dayMs;
}

/**
 * The store keeps one count per user (today's day and units used); taking is one atomic take-if-under in
 * the store, so two quick clicks, or two processes, cannot both take the last job of the day.
 */
export function createDailyQuota(deps: {
  limit: number;
  counter: QuotaCounter;
  now: () => number;
}): DailyQuota {
  const { limit, counter, now } = deps;

  function refusal(): UserError {
    const { key, params } = quotaRefusal(limit, nextUtcMidnight(now()));
    return new UserError(key, params);
  }

  const nothingToGiveBack = async () => undefined;

  return {
    limit,
    async used(userId) {
      return counter.used(userId, utcDay(now()));
    },
    async check(userId) {
      if (limit > 0 && (await counter.used(userId, utcDay(now()))) >= limit) throw refusal();
    },
    async reserve(userId) {
      if (limit === 0) return nothingToGiveBack;
      const day = utcDay(now());
      const { taken } = await counter.tryTake(userId, day, 1, limit);
      if (!taken) throw refusal();
      let given = false;
      return async () => {
        if (given) return;
        given = true;
        // A count from an earlier day is gone already; the store gives nothing back then.
        await counter.giveBack(userId, day, 1);
      };
    },
  };
}
