import { createKeyv } from "@keyv/redis";
import type { Logger } from "../../logger.js";
import type { Store } from "../contract.js";
import { connectRedis } from "./connect.js";
import { redisJobTable } from "./jobs.js";
import { redisRoomReserve } from "./reserve.js";
import { redisLease, redisLinks, redisMeta, redisQuota } from "./tables.js";

/** Every key of the bot starts with this, so it can share a Redis database with other programs. */
export const redisPrefix = "oelala:";

export async function openRedisStore(
  url: string,
  options: { logger?: Logger | undefined; now?: () => number } = {},
): Promise<Store> {
  const client = await connectRedis(url, { logger: options.logger });
  const reserve = await redisRoomReserve(client, `${redisPrefix}reserve`, {
    logger: options.logger,
    now: options.now ?? Date.now,
  }).catch(async (error: unknown) => {
    await client.close();
    throw error;
  });
  return {
    kind: "redis",
    jobs: redisJobTable(client, redisPrefix, options.logger, reserve),
    jobsHeldBy: (ownerId) => redisJobTable(client, redisPrefix, options.logger, reserve, ownerId),
    quota: redisQuota(client, redisPrefix, reserve),
    links: redisLinks(client, redisPrefix, options.logger),
    meta: redisMeta(client, redisPrefix, options.logger),
    lease: redisLease(client, redisPrefix),
    kv: createKeyv(client, { namespace: "oelala", throwOnErrors: true }),
    async close() {
      if (client.isOpen) await client.close();
    },
  };
}
