import { StoreFullError } from "../contract.js";
import type { RedisClient } from "./connect.js";

/**
 * Redis refuses writes past `maxmemory` (with the `noeviction` policy, the only one that keeps jobs)
 * with this reply; it is the disk-full of this backend.
 */
export function isOutOfMemory(error: unknown): boolean {
  return error instanceof Error && /^OOM\b/.test(error.message);
}

/** Runs a Lua script; node-redis caches nothing here, Redis caches the compiled script by its hash. */
export async function evalScript(
  client: RedisClient,
  script: string,
  keys: string[],
  args: Array<string | number>,
): Promise<unknown> {
  try {
    return await client.sendCommand(["EVAL", script, String(keys.length), ...keys, ...args.map(String)]);
  } catch (error) {
    if (isOutOfMemory(error))
      throw new StoreFullError("Redis is out of memory (maxmemory)", { cause: error });
    throw error;
  }
}
