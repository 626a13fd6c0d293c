import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { z } from "zod";

const root = resolve(import.meta.dirname, "../..");
/** tsx's loader, run inside the bot's own node process: `.bin/tsx` would start node as a child of its
 *  own, and a signal to tsx would then not reach the bot (SIGKILL would leave it running). */
const tsxLoader = pathToFileURL(join(root, "node_modules/tsx/dist/loader.mjs")).href;

export interface BotProcess {
  child: ChildProcess;
  /** Every JSON log line the bot printed. */
  logs: Record<string, unknown>[];
  ready: Promise<void>;
  exited: Promise<number | null>;
  /** What the bot wrote to stderr so far (its start-up refusals). */
  stderr(): string;
}

/** Node's arguments for the bot: its TypeScript sources through tsx's loader (what tests run by default). */
export const fromSources: readonly string[] = ["--import", tsxLoader, join(root, "src/main.ts")];

/** Node's options of `npm start` (package.json is their one home): source maps, the young generation's cap. */
export const startFlags: readonly string[] = z
  .object({ scripts: z.object({ start: z.string() }) })
  .parse(JSON.parse(readFileSync(join(root, "package.json"), "utf8")))
  .scripts.start.split(" ")
  .filter((word) => word.startsWith("--"));

/** Node's arguments for the bot as `npm start` runs it: the build in `<dir>/dist` (see test/support/build.ts). */
export function fromBuild(dir = root): string[] {
  return [...startFlags, join(dir, "dist/src/main.js")];
}

/** The bot in its own process, so a test can kill it like an operator would. */
export function spawnBot(
  env: Record<string, string>,
  cwd: string,
  args: readonly string[] = fromSources,
  node: string = process.execPath,
): BotProcess {
  const child = spawn(node, args, {
    cwd,
    env: { PATH: process.env["PATH"] ?? "", HOME: cwd, LOG_PRETTY: "false", LOG_LEVEL: "debug", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: Record<string, unknown>[] = [];
  let buffered = "";
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((done) => (markReady = done));
  child.stdout!.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) {
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (entry["msg"] === "bot ready") markReady();
      } catch {
        // not a log line
      }
    }
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((done) =>
    child.on("exit", (code) => {
      if (code && code !== 0) process.stderr.write(`bot process exited ${code}: ${stderr.slice(-2000)}\n`);
      done(code);
    }),
  );
  return { child, logs, ready, exited, stderr: () => stderr };
}
