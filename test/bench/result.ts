import { pathToFileURL } from "node:url";
import { z } from "zod";

/** A target a figure should meet, e.g. `{ op: "<", value: 25 }` for "under 25". */
export interface Target {
  op: "<" | "<=" | "=";
  value: number;
}

/** One measured figure, as every bench suite reports it. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  target?: Target;
  /** The same figure against its peers in the same run, e.g. "1.10× bare, 1.90× floor". */
  vs?: string;
  note?: string;
}

export const benchResultSchema: z.ZodType<BenchResult> = z.object({
  name: z.string().min(1),
  // JSON has no NaN: a figure that could not be measured travels as null and comes back as NaN.
  value: z.union([z.number(), z.null()]).transform((v) => v ?? Number.NaN),
  unit: z.string(),
  target: z.object({ op: z.enum(["<", "<=", "="]), value: z.number() }).optional(),
  vs: z.string().optional(),
  note: z.string().optional(),
});

/** Nearest-rank percentile of an ascending list; NaN when it is empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export const ascending = (values: readonly number[]) => [...values].sort((a, b) => a - b);
export const median = (values: readonly number[]) => percentile(ascending(values), 50);
export const mebibytes = (bytes: number) => round(bytes / 2 ** 20, 1);

/** Rounds to `digits` decimals (a figure keeps the precision its clock has, no more). */
export function round(value: number, digits = 3): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** The prefix of a result line a suite prints, so stray output on stdout cannot be mistaken for one. */
export const resultLinePrefix = "bench-result ";

/**
 * Runs `suite` when this module is the entry point (`tsx test/bench/x.bench.ts`): one prefixed JSON
 * line per figure on stdout, for `run.ts` to collect.
 */
export async function runWhenMain(moduleUrl: string, suite: () => Promise<BenchResult[]>): Promise<void> {
  if (moduleUrl !== pathToFileURL(process.argv[1] ?? "").href) return;
  for (const result of await suite()) process.stdout.write(`${resultLinePrefix}${JSON.stringify(result)}\n`);
  // Keep-alive sockets and sharp's thread pool must not keep a finished suite alive.
  process.exit(0);
}
