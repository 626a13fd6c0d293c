import type { RedisClient } from "./connect.js";

/** Runs a Lua script; node-redis caches nothing here, Redis caches the compiled script by its hash. */
export function evalScript(
  client: RedisClient,
  script: string,
  keys: string[],
  args: Array<string | number>,
): Promise<unknown> {
  return client.sendCommand(["EVAL", script, String(keys.length), ...keys, ...args.map(String)]);
}
