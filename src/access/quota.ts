import { z } from "zod";
import { UserError } from "../errors.js";
import { quotaRefusal } from "./messages.js";

/** The part of the job store the quota keeps its counts in. */
export interface MetaStore {
  getMeta<T>(key: string, schema: z.ZodType<T>): Promise<T | undefined>;
  setMeta(key: string, value: unknown): Promise<void>;
}

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
const countSchema = z.object({ day: z.string(), count: z.number().int().min(0) });
type DayCount = z.infer<typeof countSchema>;

/** The UTC calendar day of `ms`, e.g. "2025-03-09". */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The first millisecond of the UTC day after `ms`. */
export function nextUtcMidnight(ms: number): number {
  return (Math.floor(ms / dayMs) + 1) * dayMs;
}

/**
 * One record per user (`quota:<userId>` → today's day and count), so the store does not grow by a
 * key per user per day. Updates of one user are serialized, so two quick clicks cannot both take the
 * last job of the day.
 */
export function createDailyQuota(deps: { limit: number; store: MetaStore; now: () => number }): DailyQuota {
  const { limit, store, now } = deps;
  const chains = new Map<string, Promise<unknown>>();

  function serialized<T>(userId: string, work: () => Promise<T>): Promise<T> {
    const next = (chains.get(userId) ?? Promise.resolve()).then(work);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    chains.set(userId, settled);
    void settled.then(() => {
      if (chains.get(userId) === settled) chains.delete(userId);
    });
    return next;
  }

  async function today(userId: string): Promise<DayCount> {
    const day = utcDay(now());
    const stored = await store.getMeta(`quota:${userId}`, countSchema);
    return stored?.day === day ? stored : { day, count: 0 };
  }

  function refuseIfSpent(count: number): void {
    if (limit > 0 && count >= limit) {
      throw new UserError("QUOTA_EXCEEDED", quotaRefusal(limit, nextUtcMidnight(now())));
    }
  }

  const nothingToGiveBack = async () => undefined;

  return {
    limit,
    async used(userId) {
      return (await today(userId)).count;
    },
    async check(userId) {
      if (limit === 0) return;
      refuseIfSpent((await today(userId)).count);
    },
    async reserve(userId) {
      if (limit === 0) return nothingToGiveBack;
      return serialized(userId, async () => {
        const current = await today(userId);
        refuseIfSpent(current.count);
        await store.setMeta(`quota:${userId}`, { day: current.day, count: current.count + 1 });
        let given = false;
        return () =>
          serialized(userId, async () => {
            if (given) return;
            given = true;
            const later = await today(userId);
            // A count from an earlier day is gone already; there is nothing to give back.
            if (later.day !== current.day || later.count === 0) return;
            await store.setMeta(`quota:${userId}`, { day: later.day, count: later.count - 1 });
          });
      });
    },
  };
}
