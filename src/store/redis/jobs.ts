import { type JobRecord, type JobState, finalStates } from "../../jobs/job.js";
import type { Logger } from "../../logger.js";
import { type JobTable, LeaseLostError } from "../contract.js";
import { jobRecordVersion, parseStoredJob } from "../job-schema.js";
import { isLegalTransition } from "../transitions.js";
import type { RedisClient } from "./connect.js";
import { evalScript } from "./eval.js";
import type { RedisRoomReserve } from "./reserve.js";
import { createJob, pruneJobs, transitionJob } from "./scripts.js";
import { leaseKey } from "./tables.js";

const pruneBatch = 500;

/**
 * Jobs in Redis: a hash per job (state, version, record), a sorted set per state scored by creation time
 * (so listing by state is oldest first without reading other jobs), a sorted set of finished jobs scored
 * by their last change (for pruning), and a key per prompt id.
 */
export function redisJobTable(
  client: RedisClient,
  prefix: string,
  logger: Logger | undefined,
  reserve: RedisRoomReserve,
  /** With an owner, Redis refuses every write unless that owner holds the lease (Store.jobsHeldBy). */
  owner?: string,
): JobTable {
  const fenceKey = owner === undefined ? "" : leaseKey(prefix);
  const jobKey = (id: string) => `${prefix}job:${id}`;
  const stateKey = (state: JobState) => `${prefix}state:${state}`;
  const promptKey = (promptId: string | undefined) => (promptId ? `${prefix}prompt:${promptId}` : "");
  const finishedKey = `${prefix}finished`;
  const doneByUserKey = (userId: string) => `${prefix}done-by:${userId}`;

  async function read(id: string): Promise<JobRecord | undefined> {
    const [version, record] = await client.hmGet(jobKey(id), ["v", "record"]);
    if (!version || !record) return undefined;
    return parseStoredJob(Number(version), JSON.parse(record), logger, `job ${id}`);
  }

  async function doneByUser(userId: string, page: { limit: number; offset: number }): Promise<JobRecord[]> {
    const key = doneByUserKey(userId);
    const ids = await client.zRange(key, page.offset, page.offset + page.limit - 1, { REV: true });
    const jobs = await Promise.all(ids.map(read));
    // Pruned jobs leave their id behind (pruning does not know the user); they go on the first read.
    const gone = ids.filter((_, i) => jobs[i] === undefined);
    if (gone.length > 0) {
      await client.zRem(key, gone);
      return doneByUser(userId, page);
    }
    return jobs.filter((j): j is JobRecord => j !== undefined && j.state === "done");
  }

  return {
    async create(job) {
      const created = await reserve.forNewWork(() =>
        evalScript(
          client,
          createJob,
          [jobKey(job.id), stateKey(job.state), promptKey(job.promptId), fenceKey],
          [
            job.id,
            job.state,
            job.createdAt,
            jobRecordVersion,
            JSON.stringify(job),
            job.promptId ?? "",
            owner ?? "",
          ],
        ),
      );
      if (created === 2) throw new LeaseLostError();
      if (created !== 1) throw new Error(`job ${job.id} exists already`);
    },
    async transition(from, next) {
      if (!isLegalTransition(from, next.state)) return { ok: false, reason: "illegal", current: from };
      const reply = (await reserve.forRunningWork(() =>
        evalScript(
          client,
          transitionJob,
          [
            jobKey(next.id),
            stateKey(from),
            stateKey(next.state),
            finishedKey,
            promptKey(next.promptId),
            next.state === "done" ? doneByUserKey(next.origin.userId) : "",
            fenceKey,
          ],
          [
            next.id,
            from,
            next.state,
            next.createdAt,
            jobRecordVersion,
            JSON.stringify(next),
            next.updatedAt,
            finalStates.has(next.state) ? "1" : "0",
            next.promptId ?? "",
            owner ?? "",
          ],
        ),
      )) as [number, string?];
      if (reply[0] === 1) return { ok: true, job: next };
      if (reply[0] === 2) return { ok: false, reason: "lease_lost" };
      const current = reply[1] ? (reply[1] as JobState) : undefined;
      return { ok: false, reason: "lost_race", current };
    },
    get: read,
    async listByState(states) {
      const ids = (await Promise.all(states.map((s) => client.zRangeWithScores(stateKey(s), 0, -1))))
        .flat()
        .sort((a, b) => a.score - b.score || (a.value < b.value ? -1 : 1));
      const jobs = await Promise.all(ids.map((entry) => read(entry.value)));
      // A job that moved between the two reads is listed only if it is still in one of the states.
      return jobs.filter((j): j is JobRecord => j !== undefined && states.includes(j.state));
    },
    async findByPromptId(promptId) {
      const id = await client.get(promptKey(promptId));
      const job = id ? await read(id) : undefined;
      return job?.promptId === promptId ? job : undefined;
    },
    doneByUser,
    async pruneFinished(before) {
      let total = 0;
      for (let removed = pruneBatch; removed === pruneBatch;) {
        removed = Number(await evalScript(client, pruneJobs, [finishedKey], [prefix, before, pruneBatch]));
        total += removed;
      }
      return total;
    },
  };
}
