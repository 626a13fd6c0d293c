// @ts-check
/**
 * `npm run build`: compiles src/, commands/ and workflows/ into dist/ with tsc (tsconfig.build.json).
 * `--if-stale` (before `npm start` and `npm run cli`): does nothing when dist/ was built after every
 * input last changed, which costs a few hundred file stats. Plain JavaScript, so it runs before any
 * build exists; the output is written beside dist/ and swapped in whole, so a running bot or a second
 * build never sees half of one.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import process from "node:process";

const root = resolve(import.meta.dirname, "..");
const dist = join(root, "dist");
const stampName = ".built";
const inputs = ["src", "commands", "workflows", "tsconfig.json", "tsconfig.build.json", "deploy/build.js"];

/** The latest modification time of any input file, in milliseconds. */
function newestInput() {
  let newest = 0;
  for (const input of inputs) {
    const path = join(root, input);
    if (!existsSync(path)) continue;
    const files = statSync(path).isDirectory()
      ? readdirSync(path, { recursive: true, withFileTypes: true })
          .filter((entry) => entry.isFile())
          .map((entry) => join(entry.parentPath, entry.name))
      : [path];
    for (const file of files) newest = Math.max(newest, statSync(file).mtimeMs);
  }
  return newest;
}

function builtAt() {
  const stamp = join(dist, stampName);
  return existsSync(stamp) ? statSync(stamp).mtimeMs : undefined;
}

function typescriptCompiler() {
  try {
    return createRequire(import.meta.url).resolve("typescript/bin/tsc");
  } catch {
    return undefined;
  }
}

/**
 * Compiles into a sibling of dist/ (so source map paths stay right), then swaps it in.
 * @param {string} tsc the path of TypeScript's compiler
 * @returns {number} tsc's exit code
 */
function build(tsc) {
  const started = new Date();
  const next = `${dist}.next-${process.pid}`;
  const old = `${dist}.old-${process.pid}`;
  rmSync(next, { recursive: true, force: true });
  const run = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json", "--outDir", next], {
    cwd: root,
    // Diagnostics go to stderr, so `npm run cli -- workflow > file` stays clean.
    stdio: ["ignore", 2, 2],
  });
  if (run.status !== 0) {
    rmSync(next, { recursive: true, force: true });
    return run.status ?? 1;
  }
  const stamp = join(next, stampName);
  writeFileSync(stamp, `${started.toISOString()}\n`);
  // The build's start, not its end: a file saved while tsc ran makes the next start build again.
  utimesSync(stamp, started, started);
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(next, dist);
  rmSync(old, { recursive: true, force: true });
  return 0;
}

const ifStale = process.argv.includes("--if-stale");
const built = builtAt();
if (ifStale && built !== undefined && built >= newestInput()) process.exit(0);

const tsc = typescriptCompiler();
if (!tsc) {
  if (ifStale && built !== undefined) {
    process.stderr.write(
      "dist/ is older than the sources, and TypeScript is not installed to rebuild it; running the existing build.\n",
    );
    process.exit(0);
  }
  process.stderr.write(
    "The bot is not built yet (dist/ is missing), and TypeScript, a development dependency, is not installed.\nRun `npm ci` (with development dependencies), then `npm run build`.\n",
  );
  process.exit(1);
}
if (ifStale)
  process.stderr.write(built === undefined ? "building dist/ …\n" : "sources changed: rebuilding dist/ …\n");
process.exit(build(tsc));
