import type { JobTable } from "./contract.js";
import type { LeaseKeeper } from "./lease-keeper.js";

/** Job writes that check the lease first, so a bot that lost it cannot change a job another bot owns now. */
export function fencedJobs(jobs: JobTable, lease: Pick<LeaseKeeper, "held">): JobTable {
  return {
    ...jobs,
    async create(job) {
      if (!lease.held()) throw new Error("this bot no longer holds the job store's lease");
      return jobs.create(job);
    },
    async transition(from, next) {
      if (!lease.held()) return { ok: false, reason: "lease_lost" };
      return jobs.transition(from, next);
    },
  };
}
