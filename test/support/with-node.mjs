/**
 * `node test/support/with-node.mjs NODE SCRIPT ARGS…`: runs SCRIPT on the node binary NODE, with NODE's
 * folder first on PATH so that every child process started as `node` (or through a `#!/usr/bin/env node`
 * bin) runs on it too. Exits with the script's code.
 */
import { spawnSync } from "node:child_process";
import { delimiter, dirname, resolve } from "node:path";
import process from "node:process";

const [node, ...args] = process.argv.slice(2);
if (!node || args.length === 0) {
  process.stderr.write("usage: node test/support/with-node.mjs NODE SCRIPT [ARGS…]\n");
  process.exit(2);
}
const binary = resolve(node);
const result = spawnSync(binary, args, {
  stdio: "inherit",
  env: { ...process.env, PATH: `${dirname(binary)}${delimiter}${process.env["PATH"] ?? ""}` },
});
process.exit(result.status ?? 1);
