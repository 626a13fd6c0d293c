import { type JobTable, LeaseLostError, type Store } from "./contract.js";
import type { LeaseKeeper } from "./lease-keeper.js";

/**
 * Job writes behind the lease, so a bot that lost it cannot change a job another bot owns now: refused
 * here at once when our own clock says the lease has lapsed, and by the store (which checks the holder in
 * the write's own transaction) when the lease moved on between this check and the write.
 */
export function fencedJobs(
  store: Pick<Store, "jobsHeldBy">,
  lease: Pick<LeaseKeeper, "held" | "ownerId">,
  now: () => number = Date.now,
): JobTable {
  const jobs = store.jobsHeldBy(lease.ownerId, now);
  return {
    ...jobs,
    async create(job) {
      if (!lease.held()) throw new LeaseLostError();
      return jobs.create(job);
    },
    async transition(from, next) {
      if (!lease.held()) return { ok: false, reason: "lease_lost" };
      return jobs.transition(from, next);
    },
  };
}
