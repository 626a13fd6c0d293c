import { z } from "zod";
import type { Logger } from "../logger.js";
import { type PhaseCosts, defaultPhaseCosts, learnPhaseCosts } from "./phase-costs.js";
import { type Phase, phases } from "./phases.js";
import type { MetaTable } from "../store/contract.js";

type MetaStore = MetaTable;
export type Measured = Partial<Record<Phase, { ms: number; units: number }>>;

const entrySchema = z.object({
  costs: z.record(z.enum(phases), z.number().positive()),
  jobs: z.number().int().nonnegative(),
});
type Entry = { costs: PhaseCosts; jobs: number };

/** Servers differ (GPUs, offloading), so each learns its own milliseconds per unit of work. */
export interface CostBook {
  costs(server: string): PhaseCosts;
  /** How many measured jobs the server's costs are based on. */
  jobs(server: string): number;
  learn(server: string, measured: Measured): void;
  load(servers: string[]): Promise<void>;
}

const metaKey = (server: string) => `phaseCosts:${server}`;

export function createCostBook(options: { meta?: MetaStore; logger: Logger }): CostBook {
  const entries = new Map<string, Entry>();
  const entry = (server: string): Entry => entries.get(server) ?? { costs: defaultPhaseCosts, jobs: 0 };
  return {
    costs: (server) => entry(server).costs,
    jobs: (server) => entry(server).jobs,
    learn(server, measured) {
      const current = entry(server);
      // The first measurement replaces the starting guesses outright: they may be off tenfold.
      const next = {
        costs: learnPhaseCosts(current.costs, measured, current.jobs === 0 ? 1 : 0.5),
        jobs: current.jobs + 1,
      };
      entries.set(server, next);
      options.meta
        ?.set(metaKey(server), next)
        .catch((error: unknown) => options.logger.warn({ err: error }, "phase costs not saved"));
    },
    async load(servers) {
      for (const server of servers) {
        const stored = await options.meta?.get(metaKey(server), entrySchema).catch(() => undefined);
        if (stored && !entries.has(server)) entries.set(server, stored as Entry);
      }
    },
  };
}
