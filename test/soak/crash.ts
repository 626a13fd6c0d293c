/**
 * `npm run soak:crash [-- --kills 200 --seed 1]`: the crash loop of test/faults/crash-loop.test.ts at full
 * length. Prints the figures; exits 1 when a job was lost, duplicated or stuck.
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { runCrashLoop } from "../faults/crash-loop.js";
import { formatTable } from "../bench/report.js";
import type { BenchResult } from "../bench/result.js";

const { values } = parseArgs({
  options: {
    kills: { type: "string", default: "200" },
    seed: { type: "string", default: "1" },
    "max-life-ms": { type: "string", default: "2000" },
  },
});
const options = z
  .object({
    kills: z.coerce.number().int().min(1).max(10_000),
    seed: z.coerce.number().int(),
    maxLifeMs: z.coerce.number().int().min(0).max(60_000),
  })
  .parse({ kills: values.kills, seed: values.seed, maxLifeMs: values["max-life-ms"] });

const { figures, verdicts } = await runCrashLoop({
  ...options,
  jobsPerLife: 1,
  log: (line) => process.stderr.write(`soak crash: ${line}\n`),
});
const zero = { op: "=" as const, value: 0 };
const results: BenchResult[] = [
  { name: "crash: SIGKILLs", value: figures.kills, unit: "kills", note: `seed ${options.seed}` },
  { name: "crash: jobs", value: figures.jobs, unit: "jobs" },
  { name: "crash: delivered exactly once", value: figures.delivered, unit: "jobs" },
  { name: "crash: failed with a message", value: figures.failedWithMessage, unit: "jobs" },
  { name: "crash: lost", value: figures.lost, unit: "jobs", target: zero },
  { name: "crash: duplicated", value: figures.duplicated, unit: "jobs", target: zero },
  { name: "crash: stuck", value: figures.stuck, unit: "jobs", target: zero },
  { name: "crash: ended right but shown wrong", value: figures.withProblems, unit: "jobs", target: zero },
  { name: "crash: wall time", value: figures.wallSeconds, unit: "s" },
];
process.stdout.write(`\n${formatTable(results)}\n`);
for (const v of verdicts.filter((x) => x.outcome !== "delivered" || x.problems.length > 0))
  process.stdout.write(`${v.jobId} ${v.user}: ${v.outcome} ${v.problems.join("; ")} ${v.failure ?? ""}\n`);
const ok =
  figures.lost === 0 && figures.duplicated === 0 && figures.stuck === 0 && figures.withProblems === 0;
process.exit(ok ? 0 : 1);
