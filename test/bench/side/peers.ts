/** The three peers of the side-by-side bench, each in its own process: the bot, bare discord.js, the floor. */
import { type ChildProcess, spawn } from "node:child_process";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { fromBuild } from "../../e2e/bot-process.js";
import { type BotChild, spawnBotChild, stopBotChild } from "../bot-child.js";
import type { Endpoint, Target } from "./protocol.js";

const root = resolve(import.meta.dirname, "../../..");
const tsxLoader = pathToFileURL(join(root, "node_modules/tsx/dist/loader.mjs")).href;

export interface Peer {
  target: Target;
  pid: number;
  /** Milliseconds from spawn to "ready". */
  startupMs: number;
  stop(): Promise<void>;
}

export interface PeerOptions {
  /** The node binary that runs the peers (`--node PATH`). */
  node: string;
  /** Directory for `--cpu-prof` output of the bot's process; no profiling when undefined. */
  profileDir?: string | undefined;
}

/** A small client script (bare discord.js or the floor) that prints "ready" once logged in. */
function spawnScript(target: Target, file: string, args: string[], node: string): Promise<Peer> {
  const started = performance.now();
  const loader = file.endsWith(".ts") ? ["--import", tsxLoader] : [];
  const child: ChildProcess = spawn(node, [...loader, join(import.meta.dirname, file), ...args], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  return new Promise((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`${target} was not ready within 30 s`)), 30_000);
    child.once("exit", (code) => fail(new Error(`${target} exited with code ${code}`)));
    child.stdout!.on("data", (chunk: Buffer) => {
      if (!chunk.toString().includes("ready")) return;
      clearTimeout(timer);
      ready({
        target,
        pid: child.pid!,
        startupMs: performance.now() - started,
        stop: async () => {
          child.kill("SIGTERM");
          await exited;
        },
      });
    });
  });
}

/** Bare discord.js on plain node (no tsx), as the built bot runs. */
export function startBare(endpoint: Pick<Endpoint, "apiUrl" | "token">, node: string): Promise<Peer> {
  return spawnScript("bare", "bare-client.mjs", [endpoint.apiUrl, endpoint.token], node);
}

export async function startPeer(
  target: Target,
  endpoint: Endpoint,
  bot: { env: Record<string, string>; dataDir: string },
  options: PeerOptions,
): Promise<Peer> {
  if (target === "bare") return startBare(endpoint, options.node);
  if (target === "floor")
    return spawnScript(
      target,
      "floor-client.ts",
      [endpoint.apiUrl, endpoint.gatewayUrl, endpoint.token],
      options.node,
    );
  const profile = options.profileDir ? ["--cpu-prof", `--cpu-prof-dir=${options.profileDir}`] : [];
  const child: BotChild = await spawnBotChild(
    { env: { ...bot.env, LOG_LEVEL: "info" }, dataDir: bot.dataDir },
    60_000,
    [...profile, ...fromBuild()],
    options.node,
  );
  return { target, pid: child.pid, startupMs: child.startupMs, stop: () => stopBotChild(child, 20_000) };
}
