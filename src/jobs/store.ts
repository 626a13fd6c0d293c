import type Keyv from "keyv";
import { z } from "zod";
import { type JobRecord, finalStates } from "./job.js";

/** Where jobs live between state changes; every change is written before anyone is told about it. */
export interface JobStore {
  get(id: string): Promise<JobRecord | undefined>;
  put(job: JobRecord): Promise<void>;
  /** Every job that has not reached a final state, oldest first. */
  active(): Promise<JobRecord[]>;
  getMeta<T>(key: string, schema: z.ZodType<T>): Promise<T | undefined>;
  setMeta(key: string, value: unknown): Promise<void>;
  /** The same storage for other durable records (video links), under their own key prefixes. */
  readonly kv: {
    get(key: string): Promise<unknown>;
    set(key: string, value: unknown): Promise<unknown>;
    delete(key: string): Promise<unknown>;
  };
  close(): Promise<void>;
}

const activeIndexKey = "index:active";
const activeIndexSchema = z.array(z.string());

/**
 * A JobStore over keyv. Keyv adapters differ in whether they can list keys, so the ids of unfinished
 * jobs are kept in an index entry of their own, written in the same order as the jobs themselves.
 */
export function createKeyvJobStore(keyv: Keyv): JobStore {
  let index: Set<string> | undefined;
  let writes = Promise.resolve();

  async function loadIndex(): Promise<Set<string>> {
    if (!index) {
      const parsed = activeIndexSchema.safeParse(await keyv.get(activeIndexKey));
      index = new Set(parsed.success ? parsed.data : []);
    }
    return index;
  }

  // Writes are serialized so the index never records a state older than the job it points at.
  function serialized<T>(work: () => Promise<T>): Promise<T> {
    const next = writes.then(work);
    writes = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  }

  return {
    kv: keyv,
    async get(id) {
      return (await keyv.get<JobRecord>(`job:${id}`)) ?? undefined;
    },
    put(job) {
      return serialized(async () => {
        await keyv.set(`job:${job.id}`, job);
        const ids = await loadIndex();
        const isActive = !finalStates.has(job.state);
        if (isActive === ids.has(job.id)) return;
        if (isActive) ids.add(job.id);
        else ids.delete(job.id);
        await keyv.set(activeIndexKey, [...ids]);
      });
    },
    async active() {
      await writes;
      const ids = await loadIndex();
      const jobs = await Promise.all([...ids].map((id) => keyv.get<JobRecord>(`job:${id}`)));
      return jobs
        .filter((j): j is JobRecord => j !== undefined && j !== null && !finalStates.has(j.state))
        .sort((a, b) => a.createdAt - b.createdAt);
    },
    async getMeta(key, schema) {
      const parsed = schema.safeParse(await keyv.get(`meta:${key}`));
      return parsed.success ? parsed.data : undefined;
    },
    async setMeta(key, value) {
      await serialized(() => keyv.set(`meta:${key}`, value).then(() => undefined));
    },
    async close() {
      await writes;
      await keyv.disconnect();
    },
  };
}
