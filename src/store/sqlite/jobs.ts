import type Database from "better-sqlite3";
import { finalStates } from "../../jobs/job.js";
import type { JobRecord } from "../../jobs/job.js";
import type { Logger } from "../../logger.js";
import type { JobTable } from "../contract.js";
import { LeaseLostError } from "../contract.js";
import { jobRecordVersion, parseStoredJob } from "../job-schema.js";
import { isLegalTransition } from "../transitions.js";
import type { RoomReserve } from "./reserve.js";

interface Row {
  id: string;
  version: number;
  record: string;
}

const finalList = [...finalStates].map((s) => `'${s}'`).join(", ");
const pruneBatch = 500;

/** True while @owner holds the lease at @now: part of each write's own statement, so nothing comes between. */
const leaseHeld =
  "EXISTS (SELECT 1 FROM lease WHERE name = 'bot' AND owner_id = @owner AND expires_at > @now)";

/**
 * Jobs in SQLite. With `owner`, every write also requires that this owner holds the lease when SQLite
 * runs it (see Store.jobsHeldBy); without it, writes are not fenced (tests, tools on a stopped bot).
 */
export function sqliteJobTable(
  db: Database.Database,
  logger: Logger | undefined,
  reserve: RoomReserve,
  owner?: { id: string; now: () => number },
): JobTable {
  const fence = owner === undefined ? "1" : leaseHeld;
  const insert = db.prepare(
    `INSERT INTO jobs (id, state, created_at, updated_at, prompt_id, version, record) SELECT @id, @state, @createdAt, @updatedAt, @promptId, @version, @record WHERE ${fence}`,
  );
  const compareAndSet = db.prepare(
    `UPDATE jobs SET state = @state, updated_at = @updatedAt, prompt_id = @promptId, version = @version, record = @record WHERE id = @id AND state = @from AND ${fence}`,
  );
  const holds = owner === undefined ? undefined : db.prepare(`SELECT ${leaseHeld}`).pluck();
  const fenceArgs = () => (owner === undefined ? {} : { owner: owner.id, now: owner.now() });
  const stateOf = db.prepare("SELECT state FROM jobs WHERE id = ?").pluck();
  const byId = db.prepare("SELECT id, version, record FROM jobs WHERE id = ?");
  const byPrompt = db.prepare("SELECT id, version, record FROM jobs WHERE prompt_id = ? LIMIT 1");
  // No index of its own: done jobs are pruned after 30 days, so the scan of `jobs_by_state` stays short.
  const doneByUser = db.prepare(
    "SELECT id, version, record FROM jobs WHERE state = 'done' AND json_extract(record, '$.origin.userId') = ? ORDER BY updated_at DESC, id DESC LIMIT ? OFFSET ?",
  );
  const prune = db.prepare(
    `DELETE FROM jobs WHERE id IN (SELECT id FROM jobs WHERE state IN (${finalList}) AND updated_at < ? LIMIT ${pruneBatch})`,
  );

  const columns = (job: JobRecord) => ({
    id: job.id,
    state: job.state,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    promptId: job.promptId ?? null,
    version: jobRecordVersion,
    record: JSON.stringify(job),
  });
  const read = (row: Row | undefined) =>
    row ? parseStoredJob(row.version, JSON.parse(row.record), logger, `job ${row.id}`) : undefined;

  return {
    async create(job) {
      const inserted = reserve.forNewWork(() => insert.run({ ...columns(job), ...fenceArgs() }).changes);
      if (inserted === 0) throw new LeaseLostError();
    },
    async transition(from, next) {
      if (!isLegalTransition(from, next.state)) {
        return { ok: false, reason: "illegal", current: from };
      }
      const args = fenceArgs();
      const changed = reserve.forRunningWork(
        () => compareAndSet.run({ ...columns(next), from, ...args }).changes,
      );
      if (changed === 1) return { ok: true, job: next };
      if (holds && !holds.get(args)) return { ok: false, reason: "lease_lost" };
      return {
        ok: false,
        reason: "lost_race",
        current: (stateOf.get(next.id) as JobRecord["state"]) ?? undefined,
      };
    },
    async get(id) {
      return read(byId.get(id) as Row | undefined);
    },
    async listByState(states) {
      if (states.length === 0) return [];
      const rows = db
        .prepare(
          `SELECT id, version, record FROM jobs WHERE state IN (${states.map(() => "?").join(", ")}) ORDER BY created_at, id`,
        )
        .all(...states) as Row[];
      return rows.flatMap((row) => read(row) ?? []);
    },
    async findByPromptId(promptId) {
      return read(byPrompt.get(promptId) as Row | undefined);
    },
    async doneByUser(userId, page) {
      const rows = doneByUser.all(userId, page.limit, page.offset) as Row[];
      return rows.flatMap((row) => read(row) ?? []);
    },
    async pruneFinished(before) {
      let total = 0;
      for (let removed = pruneBatch; removed === pruneBatch;) {
        removed = prune.run(before).changes;
        total += removed;
      }
      return total;
    },
  };
}
