import type { z } from "zod";
import type { AccessPolicy } from "./policy.js";
import { type DailyQuota, type MetaStore, createDailyQuota } from "./quota.js";

/** The access policy and the daily quota that goes with it, built once per bot. */
export interface AccessControl {
  policy: AccessPolicy;
  quota: DailyQuota;
}

export function createAccessControl(
  policy: AccessPolicy,
  store: MetaStore,
  now: () => number,
): AccessControl {
  return { policy, quota: createDailyQuota({ limit: policy.dailyQuota, store, now }) };
}

/** Counts kept in this process only: they start again at zero when the bot restarts. */
export function memoryMetaStore(): MetaStore {
  const values = new Map<string, unknown>();
  return {
    async getMeta<T>(key: string, schema: z.ZodType<T>) {
      const parsed = schema.safeParse(values.get(key));
      return parsed.success ? parsed.data : undefined;
    },
    async setMeta(key, value) {
      values.set(key, value);
    },
  };
}
