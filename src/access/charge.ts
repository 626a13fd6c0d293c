import type { AccessControl } from "./control.js";
import { type CostedRequest, refuseIfTooCostly } from "./cost.js";
import { type Caller, isAdmin } from "./policy.js";

export type GiveBack = () => Promise<void>;

/**
 * The one place a new job is charged: the per-video GPU cost cap (MAX_JOB_COST), then one job off the
 * daily quota (DAILY_QUOTA counts jobs). Admins are exempt from both. Throws the refusal; otherwise
 * returns how to give the quota back when the job is not queued after all.
 */
export async function chargeJob(
  access: AccessControl | undefined,
  caller: Caller | undefined,
  job: CostedRequest & { userId: string },
  defaults: { steps: number; maxSeconds: number },
): Promise<GiveBack | undefined> {
  if (!access || (caller && isAdmin(access.policy, caller))) return undefined;
  refuseIfTooCostly(job, access.policy.maxJobCost ?? 0, defaults);
  return access.quota.reserve(job.userId);
}
