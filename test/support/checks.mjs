// The type check, the format check and lint at once: each is mostly one thread, and CI has two cores.
// Each one's output is printed whole when it ends, so the three never interleave; the exit code is
// non-zero when any of them failed.
import { spawn } from "node:child_process";
import process from "node:process";

const checks = [
  ["typecheck", "tsc", ["--noEmit"]],
  ["format", "prettier", ["--check", "."]],
  ["lint", "eslint", ["."]],
];

const results = await Promise.all(
  checks.map(
    ([name, bin, args]) =>
      new Promise((resolve) => {
        const started = Date.now();
        const child = spawn(`node_modules/.bin/${bin}`, args, { stdio: ["ignore", "pipe", "pipe"] });
        let output = "";
        child.stdout.on("data", (chunk) => (output += chunk));
        child.stderr.on("data", (chunk) => (output += chunk));
        child.on("error", (error) => resolve({ name, ok: false, output: String(error), ms: 0 }));
        child.on("close", (code) => {
          const result = { name, ok: code === 0, output, ms: Date.now() - started };
          process.stdout.write(
            `${name}: ${result.ok ? "ok" : "FAILED"} (${(result.ms / 1000).toFixed(1)} s)\n`,
          );
          if (!result.ok || output.trim())
            process.stdout.write(output.endsWith("\n") ? output : `${output}\n`);
          resolve(result);
        });
      }),
  ),
);
process.exit(results.every((r) => r.ok) ? 0 : 1);
