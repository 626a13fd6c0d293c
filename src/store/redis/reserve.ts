import type { Logger } from "../../logger.js";
import { StoreFullError } from "../contract.js";
import type { RedisClient } from "./connect.js";
import { isOutOfMemory } from "./eval.js";

/** Memory kept back in Redis (1 MiB): enough for every running job's remaining state changes. */
const reserveBytes = 1024 * 1024;
const retryMs = 30_000;

export interface RedisRoomReserve {
  /**
   * Runs a write for new work (a job, a quota count). Refused with StoreFullError while the reserve is
   * given away (tried back at most every 30 s); when Redis refuses it for want of memory, the reserve is
   * given to the work already running.
   */
  forNewWork<T>(write: () => Promise<T>): Promise<T>;
  /**
   * Runs a write of work already running (a state change). Refused for want of memory, the reserve is
   * given away and the write tried once more; StoreFullError when there was no reserve left to give.
   */
  forRunningWork<T>(write: () => Promise<T>): Promise<T>;
}

/**
 * A ballast key, the Redis twin of the SQLite file's ballast row: past `maxmemory` Redis refuses every
 * write, state changes of running jobs included, so new work gives this key's memory back to them.
 */
export async function redisRoomReserve(
  client: RedisClient,
  key: string,
  { logger, now }: { logger: Logger | undefined; now: () => number },
): Promise<RedisRoomReserve> {
  const refill = async (): Promise<boolean> => {
    try {
      await client.set(key, Buffer.alloc(reserveBytes));
      return true;
    } catch (error) {
      if (isOutOfMemory(error)) return false;
      throw error;
    }
  };
  let full = (await client.exists(key)) === 0 && !(await refill());
  let retryAt = 0;

  async function admits(now: number): Promise<boolean> {
    if (!full) return true;
    if (now < retryAt) return false;
    retryAt = now + retryMs;
    full = !(await refill());
    if (!full) logger?.info("Redis has room again; new jobs are taken");
    return !full;
  }

  /** Whether the ballast was still there to free. */
  async function giveAway(): Promise<boolean> {
    if (!full) logger?.warn("Redis is out of memory: new jobs are refused, running ones carry on");
    full = true;
    retryAt = now() + retryMs;
    return (await client.del(key)) > 0;
  }

  return {
    async forNewWork(write) {
      if (!(await admits(now()))) throw new StoreFullError("Redis is out of memory (maxmemory)");
      try {
        return await write();
      } catch (error) {
        if (error instanceof StoreFullError) await giveAway();
        throw error;
      }
    },
    async forRunningWork(write) {
      try {
        return await write();
      } catch (error) {
        if (!(error instanceof StoreFullError) || !(await giveAway())) throw error;
      }
      return write();
    },
  };
}
