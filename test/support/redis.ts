import { type ChildProcess, spawn } from "node:child_process";
import { accessSync, constants, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";

export interface RedisServer {
  /** `redis://127.0.0.1:<port>` (with the password when one was asked for). */
  url: string;
  port: number;
  /** Stops the server and removes its folder; safe to call twice. */
  stop(): Promise<void>;
}

/** The `redis-server` on PATH, or undefined. */
export function findRedisServer(): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter).filter(Boolean)) {
    const candidate = join(dir, "redis-server");
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

/** A port nobody listens on right now (used for "Redis is down" and for the server itself). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", resolve);
  });
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no TCP port from the probe");
  return address.port;
}

/**
 * Starts a private, memory-only `redis-server` on a free 127.0.0.1 port in a temp folder, so tests never
 * depend on (or disturb) a system service. Retries on another port if the chosen one was taken meanwhile.
 */
export async function startRedisServer(
  options: { binary?: string; password?: string } = {},
): Promise<RedisServer> {
  const binary = options.binary ?? findRedisServer();
  if (!binary) throw new Error("redis-server is not installed (apt-get install -y redis-server)");
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), "oelala-redis-"));
    const args = ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir];
    args.push("--save", "", "--appendonly", "no", "--daemonize", "no", "--logfile", "");
    if (options.password) args.push("--requirepass", options.password);
    const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
    try {
      await untilReady(child);
    } catch (error) {
      lastError = error;
      await stopProcess(child);
      rmSync(dir, { recursive: true, force: true });
      continue;
    }
    const auth = options.password ? `:${encodeURIComponent(options.password)}@` : "";
    return {
      url: `redis://${auth}127.0.0.1:${port}`,
      port,
      async stop() {
        await stopProcess(child);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  throw new Error("redis-server did not start", { cause: lastError });
}

function untilReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => fail(new Error(`redis-server not ready after 10 s:\n${output}`)), 10_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ready to accept connections")) finish();
    };
    const onExit = (code: number | null) => fail(new Error(`redis-server exited (${code}):\n${output}`));
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.stderr?.off("data", onData);
      child.off("exit", onExit);
      child.off("error", fail);
    };
    function finish() {
      cleanup();
      // Keep draining so a chatty server never blocks on a full pipe.
      child.stdout?.resume();
      child.stderr?.resume();
      resolve();
    }
    function fail(error: Error) {
      cleanup();
      reject(error);
    }
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", onExit);
    child.once("error", fail);
  });
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Redis's `used_memory` once it has stopped moving: a client's query buffer (1 MiB after the store's
 * ballast write) counts until Redis's cron shrinks it, which would make a limit set from the first
 * reading too generous.
 */
export async function settledUsedMemory(client: { info(section: string): Promise<string> }): Promise<number> {
  const read = async () => Number(/used_memory:(\d+)/.exec(await client.info("memory"))?.[1]);
  let last = await read();
  for (let i = 0; i < 40; i++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = await read();
    if (Math.abs(now - last) < 16 * 1024) return now;
    last = now;
  }
  return last;
}
