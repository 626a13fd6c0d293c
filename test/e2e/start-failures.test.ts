import { createServer, type Server } from "node:net";
import { rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { type BotProcess, spawnBot } from "./bot-process.js";
import { type Fakes, startFakes } from "./harness.js";

let fakes: Fakes | undefined;
const bots: BotProcess[] = [];
const servers: Server[] = [];
afterEach(async () => {
  for (const bot of bots.splice(0)) if (bot.child.exitCode === null) bot.child.kill("SIGKILL");
  for (const server of servers.splice(0)) await new Promise((done) => server.close(done));
  if (fakes) {
    await fakes.discord.close();
    await fakes.comfy.close();
    rmSync(fakes.dataDir, { recursive: true, force: true });
    fakes = undefined;
  }
});

/** A port another program holds. */
async function busyPort(): Promise<number> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return (server.address() as AddressInfo).port;
}

/** Starts the real bot process; resolves with its exit code, stderr and how long it lived (ms). */
async function failedStart(env: Record<string, string>, cwd: string, logLevel = "info") {
  const started = Date.now();
  const bot = spawnBot({ ...env, LOG_LEVEL: logLevel }, cwd);
  bots.push(bot);
  let stderr = "";
  bot.child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await Promise.race([
    bot.exited,
    new Promise<"still running">((done) => setTimeout(() => done("still running"), 20_000)),
  ]);
  const stdout = bot.logs.map((l) => JSON.stringify(l)).join("\n");
  return { code, stderr, stdout, ms: Date.now() - started };
}

/** No class names of errors, no stack frames: one sentence for an operator. */
function expectPlain(text: string) {
  expect(text).not.toMatch(/DiscordjsError|TokenInvalid|\[[A-Z][A-Za-z]+\]|Error:/);
  expect(text).not.toMatch(/^\s+at /m);
}

describe("start-up that fails exits at once with one sentence", () => {
  it("GIVEN a token Discord rejects THEN it exits non-zero within seconds and says to reset the token", async () => {
    fakes = await startFakes({ discord: { rateLimits: "off" } });
    const run = await failedStart(
      { ...fakes.env, DISCORD_TOKEN: "MTIz.bad.token-that-is-wrong" },
      fakes.dataDir,
    );
    expect(run.code).not.toBe("still running");
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("Reset the token in the Developer Portal and update DISCORD_TOKEN");
    expectPlain(run.stderr);
    expect(run.stderr).not.toContain("token-that-is-wrong");
    expect(run.stdout).not.toContain("token-that-is-wrong");
  }, 40_000);

  it("GIVEN HTTP_PORT already in use THEN it exits non-zero and names HTTP_PORT", async () => {
    fakes = await startFakes({ discord: { rateLimits: "off" } });
    const port = await busyPort();
    const run = await failedStart({ ...fakes.env, HTTP_PORT: String(port) }, fakes.dataDir);
    expect(run.code).not.toBe("still running");
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(new RegExp(`${port}.*in use.*HTTP_PORT`));
    expectPlain(run.stderr);
  }, 40_000);

  it("GIVEN LINK_PORT already in use THEN it exits non-zero and names LINK_PORT", async () => {
    fakes = await startFakes({ discord: { rateLimits: "off" } });
    const port = await busyPort();
    const run = await failedStart(
      { ...fakes.env, LINK_PORT: String(port), PUBLIC_BASE_URL: "https://videos.example" },
      fakes.dataDir,
    );
    expect(run.code).not.toBe("still running");
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(new RegExp(`${port}.*in use.*LINK_PORT`));
    expectPlain(run.stderr);
  }, 40_000);

  it("GIVEN Discord unreachable THEN it exits non-zero within seconds and says Discord could not be reached", async () => {
    fakes = await startFakes({ discord: { rateLimits: "off" } });
    const closed = await busyPort();
    await new Promise((done) => servers.pop()!.close(done));
    const run = await failedStart(
      { ...fakes.env, DISCORD_API_URL: `http://127.0.0.1:${closed}/api` },
      fakes.dataDir,
    );
    expect(run.code).not.toBe("still running");
    expect(run.code).not.toBe(0);
    expect(run.ms).toBeLessThan(20_000);
    expect(run.stderr).toMatch(/could not reach Discord/i);
    expectPlain(run.stderr);
  }, 40_000);

  it("GIVEN LOG_LEVEL=debug THEN the same failure also prints the stack", async () => {
    fakes = await startFakes({ discord: { rateLimits: "off" } });
    const port = await busyPort();
    const run = await failedStart({ ...fakes.env, HTTP_PORT: String(port) }, fakes.dataDir, "debug");
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/HTTP_PORT/);
    expect(run.stderr).toMatch(/^\s+at /m);
  }, 40_000);
});
