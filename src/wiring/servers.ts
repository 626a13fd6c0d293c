import { join } from "node:path";
import type { Config } from "../config.js";
import { createCostBook } from "../jobs/cost-book.js";
import type { Logger } from "../logger.js";
import { createLoraCatalog } from "../loras/catalog.js";
import { createServerPool } from "../pool/pool.js";
import type { Teardown } from "../startup/teardown.js";
import type { MetaTable } from "../store/contract.js";

/** The CRF of the compact second encode, for channels with a small upload limit. */
export const compactCrf = (config: Config) => Math.min(51, config.sampling.crf + 12);

/** The ComfyUI side: the server pool (started, with the shared cost book) and the LoRA catalog it feeds. */
export async function wireServers(
  config: Config,
  deps: {
    logger: Logger;
    now: () => number;
    meta: MetaTable;
    dataDir: string;
    leaseHeld: () => boolean;
    loraRefreshMs?: number;
  },
  started: Teardown,
) {
  const { logger, now, meta } = deps;
  const pool = createServerPool(config, {
    logger,
    now,
    meta,
    leaseHeld: deps.leaseHeld,
    videoDir: join(deps.dataDir, "videos"),
    executor: {
      compact: { crf: compactCrf(config) },
      costBook: createCostBook({ meta, logger }),
    },
  });
  await pool.start();
  started.add(() => pool.stop());
  const catalog = createLoraCatalog({
    list: () => pool.loraNames(),
    refreshMs: deps.loraRefreshMs ?? 5 * 60_000,
    logger,
  });
  started.add(() => catalog.close());
  return { pool, catalog };
}
