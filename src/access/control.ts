import type { QuotaCounter } from "../store/contract.js";
import type { AccessPolicy } from "./policy.js";
import { type DailyQuota, createDailyQuota } from "./quota.js";

/** The access policy and the daily quota that goes with it, built once per bot. */
export interface AccessControl {
  policy: AccessPolicy;
  quota: DailyQuota;
}

export function createAccessControl(
  policy: AccessPolicy,
  counter: QuotaCounter,
  now: () => number,
): AccessControl {
  return { policy, quota: createDailyQuota({ limit: policy.dailyQuota, counter, now }) };
}

/** Counts kept in this process only: they start again at zero when the bot restarts. */
export function memoryQuotaCounter(): QuotaCounter {
  const counts = new Map<string, { day: string; used: number }>();
  const usedOn = (userId: string, day: string) => {
    const current = counts.get(userId);
    return current?.day === day ? current.used : 0;
  };
  return {
    async tryTake(userId, day, amount, limit) {
      const used = usedOn(userId, day);
      if (used + amount > limit) return { taken: false, used };
      counts.set(userId, { day, used: used + amount });
      return { taken: true, used: used + amount };
    },
    async giveBack(userId, day, amount) {
      if (counts.get(userId)?.day !== day) return 0;
      const used = Math.max(0, usedOn(userId, day) - amount);
      counts.set(userId, { day, used });
      return used;
    },
    async used(userId, day) {
      return usedOn(userId, day);
    },
  };
}
