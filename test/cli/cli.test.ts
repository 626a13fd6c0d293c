import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startComfyEmulator, type ComfyEmulator } from "../fakes/comfy/index.js";
import { startFakeDiscord, type FakeDiscord } from "../fakes/discord/index.js";
import { completeEnv, completeModels } from "../doctor/support.js";

const root = resolve(import.meta.dirname, "../..");
const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const close of cleanups.splice(0).reverse()) await close();
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI as the owner runs it from a checkout folder: only PATH and HOME from outside, plus `.env`. */
function cli(args: string[], dotEnv: Record<string, string> = {}): Promise<Run> {
  const cwd = mkdtempSync(join(tmpdir(), "oelala-cli-"));
  cleanups.push(() => rmSync(cwd, { recursive: true, force: true }));
  const lines = Object.entries(dotEnv).map(([k, v]) => `${k}=${v}`);
  writeFileSync(join(cwd, ".env"), `${lines.join("\n")}\n`);
  return new Promise((done) => {
    execFile(
      join(root, "node_modules/.bin/tsx"),
      [join(root, "src/cli.ts"), ...args],
      { cwd, env: { PATH: process.env["PATH"] ?? "", HOME: cwd }, encoding: "utf8", timeout: 60_000 },
      (error, stdout, stderr) =>
        done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function fakeDiscord(): Promise<FakeDiscord> {
  const discord = await startFakeDiscord();
  cleanups.push(() => discord.close());
  return discord;
}

async function emulator(): Promise<ComfyEmulator> {
  const comfy = await startComfyEmulator({ models: completeModels });
  cleanups.push(() => comfy.close());
  return comfy;
}

const discordEnv = (d: FakeDiscord) => ({
  DISCORD_TOKEN: d.token,
  DISCORD_APPLICATION_ID: d.applicationId,
  DISCORD_API_URL: d.apiUrl,
});

/** No library wording, no stack frames. */
function expectSentence(text: string) {
  expect(text).not.toMatch(/^\s+at /m);
  expect(text).not.toMatch(/DiscordAPIError|Unknown option|Invalid URL$/m);
}

describe("the CLI", () => {
  it("GIVEN the settings in .env THEN register reads them as npm start does", async () => {
    const discord = await fakeDiscord();
    const guild = discord.guilds[0]!.id;
    const run = await cli(["register", "--guild", guild], discordEnv(discord));
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(new RegExp(`Registered \\d+ commands in guild ${guild}`));
    expect(run.code).toBe(0);
  }, 60_000);

  it("GIVEN COMFYUI_URL in .env THEN doctor checks that server, not the default", async () => {
    const [discord, comfy] = await Promise.all([fakeDiscord(), emulator()]);
    const run = await cli(["doctor"], { ...completeEnv, ...discordEnv(discord), COMFYUI_URL: comfy.url });
    expect(run.stdout).toContain(`ComfyUI ${comfy.url}\n  ✓ reachable`);
    expect(run.stdout).not.toContain("127.0.0.1:8188");
  }, 60_000);

  it.each(["start", "register", "doctor", "render", "workflow"])(
    "GIVEN %s --help THEN it prints its usage and exits 0",
    async (verb) => {
      const run = await cli([verb, "--help"]);
      expect(run.stdout).toContain(`usage: npm run cli -- ${verb}`);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
    },
    60_000,
  );

  it("GIVEN register --guild abc THEN a sentence says what a server id looks like, before any request", async () => {
    const discord = await fakeDiscord();
    const run = await cli(["register", "--guild", "abc"], discordEnv(discord));
    expect(run.stderr).toMatch(/--guild wants a server id \(17–20 digits/);
    expect(run.stderr).toContain("Copy Server ID");
    expectSentence(run.stderr);
    expect(run.code).not.toBe(0);
    expect(discord.requests.filter((r) => r.method === "PUT")).toEqual([]);
  }, 60_000);

  it("GIVEN register --guild for a server the bot is not in THEN it says to invite the bot, with the real invite link", async () => {
    const discord = await fakeDiscord();
    const run = await cli(["register", "--guild", "199999999999999999"], discordEnv(discord));
    expect(run.stderr).toMatch(/The bot is not in the server 199999999999999999/);
    expect(run.stderr).toContain(`client_id=${discord.applicationId}`);
    expectSentence(run.stderr);
    expect(run.code).not.toBe(0);
  }, 60_000);

  it("GIVEN render --comfy notaurl THEN a sentence shows what an address looks like", async () => {
    const run = await cli(["render", "--image", "x.png", "--prompt", "p", "--comfy", "notaurl"]);
    expect(run.stderr).toMatch(
      /--comfy wants the address of a ComfyUI server, like --comfy http:\/\/127\.0\.0\.1:8188/,
    );
    expectSentence(run.stderr);
    expect(run.code).toBe(2);
  }, 60_000);
});
