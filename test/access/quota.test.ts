import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { memoryQuotaCounter } from "../../src/access/control.js";
import { createDailyQuota, nextUtcMidnight } from "../../src/access/quota.js";
import { UserError } from "../../src/errors.js";
import { openSqliteStore } from "../../src/store/sqlite/open.js";

const alice = "500000000000000001";
const bob = "500000000000000002";
const morning = Date.UTC(2025, 2, 9, 8, 30);
const midnight = Date.UTC(2025, 2, 10);

function clock(start: number) {
  const c = { at: start, now: () => c.at };
  return c;
}

async function refusal(work: Promise<unknown>): Promise<UserError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

describe("daily quota", () => {
  it("GIVEN a quota of 2 THEN the third job of the day is refused with the time the quota resets", async () => {
    const time = clock(morning);
    const quota = createDailyQuota({ limit: 2, counter: memoryQuotaCounter(), now: time.now });
    await quota.reserve(alice);
    await quota.check(alice);
    await quota.reserve(alice);
    const error = await refusal(quota.reserve(alice));
    expect(error.code).toBe("QUOTA_EXCEEDED");
    expect(error.message).toContain(`<t:${midnight / 1000}:R>`);
    expect(error.message).toMatch(/2 videos/);
    expect((await refusal(quota.check(alice))).code).toBe("QUOTA_EXCEEDED");
    expect(await quota.used(alice)).toBe(2);
    // Someone else's count is their own.
    await quota.reserve(bob);
    expect(await quota.used(bob)).toBe(1);
  });

  it("GIVEN a spent quota THEN it is available again from midnight UTC", async () => {
    const time = clock(morning);
    const quota = createDailyQuota({ limit: 1, counter: memoryQuotaCounter(), now: time.now });
    await quota.reserve(alice);
    time.at = midnight - 1;
    await refusal(quota.reserve(alice));
    time.at = midnight;
    await quota.reserve(alice);
    expect(await quota.used(alice)).toBe(1);
    expect(nextUtcMidnight(midnight)).toBe(midnight + 86_400_000);
  });

  it("GIVEN a job that was not accepted THEN giving it back frees the count, once", async () => {
    const quota = createDailyQuota({ limit: 1, counter: memoryQuotaCounter(), now: clock(morning).now });
    await quota.reserve(bob);
    const giveBack = await quota.reserve(alice);
    await giveBack();
    await giveBack();
    expect(await quota.used(alice)).toBe(0);
    expect(await quota.used(bob)).toBe(1);
    await quota.reserve(alice);
  });

  it("GIVEN two requests for the last job of the day at once THEN only one gets it", async () => {
    const quota = createDailyQuota({ limit: 1, counter: memoryQuotaCounter(), now: clock(morning).now });
    const results = await Promise.allSettled([quota.reserve(alice), quota.reserve(alice)]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
  });

  it("GIVEN no quota (0) THEN nothing is counted or refused", async () => {
    const quota = createDailyQuota({ limit: 0, counter: memoryQuotaCounter(), now: clock(morning).now });
    for (let i = 0; i < 5; i++) await quota.reserve(alice);
    await quota.check(alice);
    expect(await quota.used(alice)).toBe(0);
  });

  it("GIVEN the job store THEN the counts outlive the process", async () => {
    const dir = mkdtempSync(join(tmpdir(), "oelala-quota-"));
    try {
      const time = clock(morning);
      const store = openSqliteStore(dir);
      const first = createDailyQuota({ limit: 2, counter: store.quota, now: time.now });
      await first.reserve(alice);
      await first.reserve(alice);
      await store.close();
      const reopened = openSqliteStore(dir);
      const restarted = createDailyQuota({ limit: 2, counter: reopened.quota, now: time.now });
      expect(await restarted.used(alice)).toBe(2);
      await refusal(restarted.reserve(alice));
      await reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
