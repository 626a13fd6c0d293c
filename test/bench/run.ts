/**
 * `npm run bench [suite …]`: runs each suite in its own process (so one suite's memory and warm caches
 * cannot colour another's figures), prints one table and writes `bench-results.json`. A missed target
 * is a finding, not a failure: the exit code is 0 unless the runner itself breaks.
 */
import { execFileSync, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { formatMarkdown, formatTable, judge } from "./report.js";
import { type BenchResult, benchResultSchema, mebibytes, resultLinePrefix, round } from "./result.js";

const root = resolve(import.meta.dirname, "../..");

interface Suite {
  name: string;
  file: string;
  /** Generous: a suite that overruns is stopped and reported as unmeasured. */
  timeoutMs: number;
}

const suites: Suite[] = [
  { name: "autocomplete", file: "autocomplete.bench.ts", timeoutMs: 60_000 },
  { name: "intake", file: "intake.bench.ts", timeoutMs: 60_000 },
  { name: "runtime", file: "runtime.bench.ts", timeoutMs: 480_000 },
  { name: "process", file: "process.bench.ts", timeoutMs: 120_000 },
  { name: "gap", file: "gap.bench.ts", timeoutMs: 150_000 },
  { name: "channel", file: "channel.bench.ts", timeoutMs: 200_000 },
  { name: "takeover", file: "takeover.bench.ts", timeoutMs: 240_000 },
  { name: "store-startup", file: "store-startup.bench.ts", timeoutMs: 300_000 },
  { name: "side-by-side", file: "side-by-side.bench.ts", timeoutMs: 600_000 },
  { name: "journey", file: "journey.bench.ts", timeoutMs: 180_000 },
];

/** `--node PATH`: the node binary the bots run on (the side-by-side suite's peers). `--profile`: CPU profiles. */
function parseArgs(argv: readonly string[]): { names: string[]; node?: string; profile: boolean } {
  const names: string[] = [];
  let node: string | undefined;
  let profile = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--node") node = resolve(argv[++i] ?? "");
    else if (arg.startsWith("--node=")) node = resolve(arg.slice("--node=".length));
    else if (arg === "--profile") profile = true;
    else names.push(arg);
  }
  return { names, ...(node ? { node } : {}), profile };
}
const args = parseArgs(process.argv.slice(2));

function runSuite(suite: Suite): Promise<BenchResult[]> {
  const tsx = join(root, "node_modules/.bin/tsx");
  const child = spawn(tsx, [join(import.meta.dirname, suite.file)], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
    env: {
      ...process.env,
      ...(args.node ? { BENCH_NODE: args.node } : {}),
      ...(args.profile ? { BENCH_PROFILE_DIR: join(root, "bench-profiles") } : {}),
    },
  });
  let stdout = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), suite.timeoutMs);
  return new Promise((done) => {
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const results = stdout
        .split("\n")
        .filter((line) => line.startsWith(resultLinePrefix))
        .map((line) => benchResultSchema.parse(JSON.parse(line.slice(resultLinePrefix.length))));
      if (code !== 0 || results.length === 0) {
        const why = signal ? `stopped after ${suite.timeoutMs / 1000} s` : `exited with code ${code}`;
        results.push({ name: `${suite.name}: suite did not finish`, value: Number.NaN, unit: "", note: why });
      }
      done(results);
    });
  });
}

function machine() {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model ?? "unknown",
    cores: cpu.length,
    memoryGiB: round(totalmem() / 2 ** 30, 1),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

// The bots load better-sqlite3: make sure it has an addon for that node too (a no-op once it has).
if (args.node)
  execFileSync(process.execPath, [join(root, "test/support/native-for-node.mjs"), args.node], {
    stdio: ["ignore", "ignore", "inherit"],
  });

const wanted = args.names;
const chosen = wanted.length > 0 ? suites.filter((s) => wanted.includes(s.name)) : suites;
if (chosen.length === 0) {
  process.stderr.write(`unknown suite; choose from: ${suites.map((s) => s.name).join(", ")}\n`);
  process.exit(2);
}

const started = performance.now();
const results: BenchResult[] = [];
for (const suite of chosen) {
  const suiteStarted = performance.now();
  process.stderr.write(`bench: ${suite.name} …\n`);
  results.push(...(await runSuite(suite)));
  process.stderr.write(
    `bench: ${suite.name} took ${((performance.now() - suiteStarted) / 1000).toFixed(1)} s\n`,
  );
}
const seconds = round((performance.now() - started) / 1000, 1);
const host = machine();

process.stdout.write(`\n${formatTable(results)}\n\n`);
process.stdout.write(
  `Measured on ${host.cpu}, ${host.cores} cores, ${host.memoryGiB} GiB, Node ${host.node} (${host.platform}); ${seconds} s in all (runner RSS ${mebibytes(process.memoryUsage.rss())} MiB).\n`,
);
const file = join(root, "bench-results.json");
writeFileSync(
  file,
  `${JSON.stringify(
    {
      measuredAt: new Date().toISOString(),
      machine: host,
      seconds,
      results: results.map((r) => ({ ...r, value: Number.isFinite(r.value) ? r.value : null, ...judge(r) })),
      markdown: formatMarkdown(results),
    },
    null,
    2,
  )}\n`,
);
process.stdout.write(`Wrote ${file}\n`);
