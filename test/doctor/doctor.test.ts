import { execFile } from "node:child_process";
import { createServer, type Server, type Socket } from "node:net";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, test, vi } from "vitest";
import { UsageError } from "../../src/cli/args.js";
import { doctor } from "../../src/cli/doctor.js";
import { register } from "../../src/cli/register.js";
import { createCommands } from "../../commands/index.js";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import { startComfyEmulator, type ComfyEmulator, type ComfyEmulatorOptions } from "../fakes/comfy/index.js";
import { startFakeDiscord, type FakeDiscord } from "../fakes/discord/index.js";
import { completeEnv, completeModels, configFrom } from "./support.js";

const root = resolve(import.meta.dirname, "../..");
const logger = createLogger({ level: "silent", destination: { write: () => undefined } });
const cleanups: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(cleanups.splice(0).map((close) => close()));
});

async function emulator(options: ComfyEmulatorOptions = {}): Promise<ComfyEmulator> {
  const server = await startComfyEmulator({ models: completeModels, ...options });
  cleanups.push(() => server.close());
  return server;
}

async function fakeDiscord(): Promise<FakeDiscord> {
  const discord = await startFakeDiscord();
  cleanups.push(() => discord.close());
  return discord;
}

const discordEnv = (discord: FakeDiscord, token = discord.token) => ({
  DISCORD_TOKEN: token,
  DISCORD_APPLICATION_ID: discord.applicationId,
  DISCORD_API_URL: discord.apiUrl,
});

async function runDoctor(env: Record<string, string>, argv: string[] = [], timeoutMs?: number) {
  let output = "";
  const io = { write: (text: string) => void (output += text), ...(timeoutMs ? { timeoutMs } : {}) };
  const code = await doctor(argv, configFrom({ ...completeEnv, ...env }), logger, io);
  return { code, output, lines: output.split("\n") };
}

async function registerQuietly(env: Record<string, string>, argv: string[] = []) {
  vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  await register(argv, configFrom(env));
  vi.restoreAllMocks();
}

/** The CLI as the owner runs it, with only the given environment. */
function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string }> {
  return new Promise((done) => {
    const child = execFile(join(root, "node_modules/.bin/tsx"), [join(root, "src/cli.ts"), ...args], {
      cwd: root,
      env: { PATH: process.env["PATH"] ?? "", HOME: process.env["HOME"] ?? root, ...env },
      encoding: "utf8",
      timeout: 60_000,
    });
    let stdout = "";
    child.stdout?.on("data", (chunk: string) => (stdout += chunk));
    child.on("close", (code) => done({ code, stdout }));
  });
}

/** The names in the order `createCommands` lists them, as `register` sends them. */
const commandNames = createCommands(loadConfig({}))
  .map((c) => c.data.name)
  .join(", ");

describe("npm run cli -- doctor", () => {
  test("GIVEN a single-GPU box and the owner's two-GPU allocation THEN it names cuda:1 with the fix and exits 1", async () => {
    const [server, discord] = await Promise.all([emulator({ devices: ["cpu", "cuda:0"] }), fakeDiscord()]);
    const env = { ...completeEnv, COMFYUI_URL: server.url, ...discordEnv(discord) };
    await registerQuietly(env);
    const { code, stdout } = await cli(["doctor"], env);
    expect(stdout).toContain(`ComfyUI ${server.url}\n  ✓ reachable\n`);
    expect(stdout).toContain(
      "  ✗ cuda:1 (DISTORCH_ALLOCATION, COMPUTE_DEVICE) is not on this server, which has cpu, cuda:0 — " +
        "set DISTORCH_ALLOCATION=cuda:0,8gb;cpu,* and COMPUTE_DEVICE=cuda:0 (suggested for a single-GPU host)\n",
    );
    // The allocation is the only problem, and it alone makes the exit code non-zero.
    expect(stdout).toMatch(/\n1 check failed\.\n$/);
    expect(code).toBe(1);
  });

  test("GIVEN a complete server and the commands registered THEN every line is ✓ and it exits 0", async () => {
    const [server, discord] = await Promise.all([emulator(), fakeDiscord()]);
    const env = { ...completeEnv, COMFYUI_URL: server.url, ...discordEnv(discord) };
    await registerQuietly(env);
    const { code, output, lines } = await runDoctor(env);
    const checks = lines.filter((l) => l.startsWith("  "));
    expect(checks.length).toBeGreaterThanOrEqual(14);
    expect(checks.filter((l) => !l.startsWith("  ✓ "))).toEqual([]);
    expect(output).toContain(`  ✓ commands registered globally: ${commandNames}\n`);
    expect(output).toMatch(/All checks passed\.\n$/);
    expect(output).not.toContain(discord.token);
    expect(code).toBe(0);
  });

  test("GIVEN commands registered in a guild only THEN the global check fails with the register fix and --guild passes", async () => {
    const [server, discord] = await Promise.all([emulator(), fakeDiscord()]);
    const env = { ...completeEnv, COMFYUI_URL: server.url, ...discordEnv(discord) };
    const guild = discord.guilds[0]?.id ?? "";
    await registerQuietly(env, ["--guild", guild]);
    const global = await runDoctor(env);
    expect(global.code).toBe(1);
    expect(global.output).toContain(
      `  ✗ commands globally differ from this version: missing ${commandNames} — npm run cli -- register`,
    );
    const inGuild = await runDoctor(env, ["--guild", guild]);
    expect(inGuild.output).toContain(`  ✓ commands registered in guild ${guild}: ${commandNames}\n`);
    expect(inGuild.code).toBe(0);
  });

  test("GIVEN no VideoHelperSuite on the server THEN it names the pack to install", async () => {
    const server = await emulator({ dropClasses: ["VHS_VideoCombine"] });
    const { code, output } = await runDoctor({ COMFYUI_URL: server.url });
    expect(output).toContain(
      "  ✗ node class VHS_VideoCombine missing — install ComfyUI-VideoHelperSuite (Kosinkadink/ComfyUI-VideoHelperSuite)\n",
    );
    expect(code).toBe(1);
  });

  test("GIVEN one server down and one up THEN the down one is a single ✗ and the other is still checked", async () => {
    const up = await emulator();
    const closed = createServer();
    await new Promise<void>((ready) => closed.listen(0, "127.0.0.1", ready));
    const port = (closed.address() as { port: number }).port;
    await new Promise((done) => closed.close(done));
    const { code, output } = await runDoctor({ COMFYUI_URL: `http://127.0.0.1:${port},${up.url}` });
    expect(output).toContain(
      `ComfyUI http://127.0.0.1:${port}\n  ✗ not reachable (ECONNREFUSED) — start ComfyUI there (add --listen to reach it from another host) or fix COMFYUI_URL\n\n`,
    );
    expect(output).toContain(`ComfyUI ${up.url}\n  ✓ reachable\n`);
    expect(code).toBe(1);
  });

  test("GIVEN a server that accepts but never answers THEN it is ✗ not reachable after the short timeout", async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer((socket) => sockets.add(socket));
    await new Promise<void>((ready) => silent.listen(0, "127.0.0.1", ready));
    cleanups.push(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((done) => silent.close(done));
    });
    const url = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
    const { code, output } = await runDoctor({ COMFYUI_URL: url }, [], 300);
    expect(output).toContain(`  ✗ not reachable (no answer to /system_stats within 0.3 s)`);
    expect(code).toBe(1);
  });

  test("GIVEN a token Discord rejects THEN ✗ says to reset it, and the token is never printed", async () => {
    const [server, discord] = await Promise.all([emulator(), fakeDiscord()]);
    const badToken = "MTIzNDU2Nzg5MDEyMzQ1Njc4.Gabcde.this-token-is-wrong";
    const { code, output } = await runDoctor({ COMFYUI_URL: server.url, ...discordEnv(discord, badToken) });
    expect(output).toContain(
      "Discord\n  ✗ DISCORD_TOKEN rejected by Discord (401 Unauthorized) — reset the token",
    );
    expect(output).not.toContain(badToken);
    expect(code).toBe(1);
  });

  test("GIVEN an application id that is not the token's THEN ✗ gives the right id", async () => {
    const [server, discord] = await Promise.all([emulator(), fakeDiscord()]);
    const env = {
      COMFYUI_URL: server.url,
      ...discordEnv(discord),
      DISCORD_APPLICATION_ID: "123456789012345678",
    };
    const { output } = await runDoctor(env);
    expect(output).toContain(
      `  ✗ DISCORD_APPLICATION_ID=123456789012345678 is not the token's application (${discord.applicationId}) — set DISCORD_APPLICATION_ID=${discord.applicationId}`,
    );
  });

  test("GIVEN no Discord token THEN one ✗ line carries the setup help", async () => {
    const server = await emulator();
    const { code, output } = await runDoctor({ COMFYUI_URL: server.url }, ["--json"]);
    const report = JSON.parse(output) as { ok: boolean; groups: { title: string; lines: unknown[] }[] };
    expect(report.ok).toBe(false);
    expect(report.groups.map((g) => g.title)).toEqual([`ComfyUI ${server.url}`, "Discord", "Delivery"]);
    expect(report.groups[1]?.lines).toEqual([
      { ok: false, label: "DISCORD_TOKEN is not set", fix: expect.stringContaining("Reset Token") },
    ]);
    expect(code).toBe(1);
  });

  test("GIVEN --guild with something that is no server id THEN it is a usage error, before any request", async () => {
    await expect(doctor(["--guild", "my-server"], configFrom(), logger)).rejects.toThrow(UsageError);
  });
});
