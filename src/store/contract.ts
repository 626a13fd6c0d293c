import type { z } from "zod";
import type { JobRecord, JobState } from "../jobs/job.js";
import type { LinkRecord } from "../links/entry.js";

/**
 * What a job state change came to. A lost race (someone else moved the job first) and a change the
 * transition table forbids are answers, not exceptions: the caller decides what they mean.
 */
export type TransitionResult =
  | { ok: true; job: JobRecord }
  | { ok: false; reason: "lost_race"; current: JobState | undefined }
  | { ok: false; reason: "illegal"; current: JobState }
  | { ok: false; reason: "lease_lost" };

export interface JobTable {
  /** Stores a new job. Rejects with StoreFullError when the storage has no room (the job does not exist). */
  create(job: JobRecord): Promise<void>;
  /**
   * Compare-and-set: writes `next` only if the stored job is still in state `from` and `from → next.state`
   * is legal (see transitions.ts). Atomic on both backends.
   */
  transition(from: JobState, next: JobRecord): Promise<TransitionResult>;
  get(id: string): Promise<JobRecord | undefined>;
  /** Jobs in any of `states`, oldest (createdAt) first. */
  listByState(states: readonly JobState[]): Promise<JobRecord[]>;
  findByPromptId(promptId: string): Promise<JobRecord | undefined>;
  /** `userId`'s done jobs, the last finished first, skipping `offset` and returning at most `limit`. */
  doneByUser(userId: string, page: { limit: number; offset: number }): Promise<JobRecord[]>;
  /** Deletes finished jobs last changed before `before`, in batches, never loading them; says how many. */
  pruneFinished(before: number): Promise<number>;
}

export interface QuotaCounter {
  /**
   * Atomically takes `amount` units of `userId`'s allowance for `day` if `used + amount <= limit`
   * (`limit` Infinity: no limit). `used` is the count after the call, taken or not. A new day starts at 0.
   */
  tryTake(
    userId: string,
    day: string,
    amount: number,
    limit: number,
  ): Promise<{ taken: boolean; used: number }>;
  /** Gives back up to `amount` units taken on `day` (nothing when the day has moved on); the count after. */
  giveBack(userId: string, day: string, amount: number): Promise<number>;
  used(userId: string, day: string): Promise<number>;
}

export interface LinkTable {
  /** `hash` is the token's hash; the token itself is never stored. */
  put(hash: string, record: LinkRecord): Promise<void>;
  /** The link, or undefined when it never existed or has expired at `now`. */
  get(hash: string, now: number): Promise<LinkRecord | undefined>;
  /** Up to `max` links expired at `now`, oldest first. */
  expired(now: number, max: number): Promise<Array<{ hash: string; record: LinkRecord }>>;
  /** Whether a link that still works at `now` serves this file. */
  inUse(path: string, now: number): Promise<boolean>;
  delete(hash: string): Promise<void>;
}

export interface MetaTable {
  /** The value parsed with `schema`; a value that does not parse is logged and treated as absent. */
  get<T>(key: string, schema: z.ZodType<T>): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
}

/** Who runs the bot on this store now. */
export interface LeaseHolder {
  ownerId: string;
  host: string;
  pid: number;
  /** When this holder first took the lease (ms since the epoch). */
  since: number;
  expiresAt: number;
}

export interface LeaseTable {
  /**
   * Takes the lease when nobody holds it, the holder's lease has expired, or the holder is `replacing`
   * (a holder known to be dead); otherwise names the holder.
   */
  acquire(
    me: Omit<LeaseHolder, "expiresAt">,
    ttlMs: number,
    now: number,
    replacing?: string,
  ): Promise<{ ok: true } | { ok: false; holder: LeaseHolder }>;
  /** Extends our lease; false when it is no longer ours (it expired and someone took it). */
  renew(ownerId: string, ttlMs: number, now: number): Promise<boolean>;
  release(ownerId: string): Promise<void>;
}

/** The bot's one durable store: SQLite in DATA_DIR by default, Redis when REDIS_URL is set. */
export interface Store {
  readonly kind: "sqlite" | "redis";
  readonly jobs: JobTable;
  /**
   * The job table whose writes the store itself refuses unless `ownerId` holds the unexpired lease at
   * the moment of the write (checked in the write's own transaction or script): a bot paused between its
   * own look at the lease and its write cannot change a job its successor owns now. `create` rejects
   * with LeaseLostError; `transition` answers `lease_lost`. `now` is the clock the lease's expiry was
   * written with (Redis uses its own).
   */
  jobsHeldBy(ownerId: string, now?: () => number): JobTable;
  readonly quota: QuotaCounter;
  readonly links: LinkTable;
  readonly meta: MetaTable;
  readonly lease: LeaseTable;
  /** keyv on the same storage, for short-lived key-value records with an expiry (Animate picks). */
  readonly kv: {
    get(key: string): Promise<unknown>;
    set(key: string, value: unknown, ttlMs?: number): Promise<unknown>;
    delete(key: string): Promise<unknown>;
  };
  close(): Promise<void>;
}

/** The storage has no room left (SQLITE_FULL, Redis OOM): new work is refused, running work carries on. */
export class StoreFullError extends Error {
  override readonly name = "StoreFullError";
}

/** A job write from a bot that no longer holds the store's lease: refused, nothing was written. */
export class LeaseLostError extends Error {
  override readonly name = "LeaseLostError";
  constructor() {
    super("this bot no longer holds the job store's lease");
  }
}
