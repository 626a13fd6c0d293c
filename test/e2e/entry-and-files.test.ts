import { spawnSync } from "node:child_process";
import {
  chmodSync,
  cpSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { type BotProcess, spawnBot } from "./bot-process.js";
import { type Fakes, resultMessages, startFakes, testImage, until } from "./harness.js";

const root = resolve(import.meta.dirname, "../..");
const tsxLoader = pathToFileURL(join(root, "node_modules/tsx/dist/loader.mjs")).href;

let fakes: Fakes | undefined;
const bots: BotProcess[] = [];
const temps: string[] = [];
afterEach(async () => {
  for (const bot of bots.splice(0)) if (bot.child.exitCode === null) bot.child.kill("SIGKILL");
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
  if (fakes) {
    await fakes.discord.close();
    await fakes.comfy.close();
    rmSync(fakes.dataDir, { recursive: true, force: true });
    fakes = undefined;
  }
});

/** Every folder and file under `dir` with its permission bits, e.g. ["images/x.png", 0o600]. */
function modes(dir: string, prefix = ""): [string, number][] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry): [string, number][] => {
    const path = join(dir, entry.name);
    const mode = statSync(path).mode & 0o777;
    const name = `${prefix}${entry.name}`;
    return entry.isDirectory() ? [[`${name}/`, mode], ...modes(path, `${name}/`)] : [[name, mode]];
  });
}

describe("the entry point and the files it writes", () => {
  it("GIVEN a checkout in a folder whose name has a space THEN npm start runs (here: explains the missing settings) instead of exiting silently", () => {
    const parent = mkdtempSync(join(tmpdir(), "oelala with space "));
    temps.push(parent);
    const checkout = join(parent, "oelala bot");
    for (const part of ["src", "commands", "workflows", "package.json", "tsconfig.json"]) {
      cpSync(join(root, part), join(checkout, part), { recursive: true });
    }
    symlinkSync(join(root, "node_modules"), join(checkout, "node_modules"));
    const run = spawnSync(process.execPath, ["--import", tsxLoader, join(checkout, "src/main.ts")], {
      cwd: parent,
      env: { PATH: process.env["PATH"] ?? "", HOME: parent },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.stderr).toContain("DISCORD_TOKEN");
    expect(run.status).toBe(1);
  }, 60_000);

  it("GIVEN a bot that made a video THEN DATA_DIR and everything in it is owner-only, also files an older version left readable", async () => {
    fakes = await startFakes({ comfy: { stepDelayMs: 5 }, discord: { rateLimits: "off" } });
    const f = fakes;
    chmodSync(f.dataDir, 0o755);
    writeFileSync(join(f.dataDir, "left-by-an-older-version.txt"), "old", { mode: 0o644 });
    const bot = spawnBot(f.env, f.dataDir);
    bots.push(bot);
    await bot.ready;
    const image = f.discord.addAttachment("fox.png", await testImage(), "image/png");
    f.discord.sendSlashCommand({ name: "i2v", options: { image, prompt: "private fox", duration: 1 } });
    await until(() => resultMessages(f.discord).length === 1, 30_000);

    const found = modes(f.dataDir);
    expect(found.some(([name]) => name.startsWith("images/"))).toBe(true);
    expect(found.some(([name]) => /sqlite/.test(name))).toBe(true);
    expect(statSync(f.dataDir).mode & 0o777).toBe(0o700);
    const open = found.filter(([name, mode]) => mode !== (name.endsWith("/") ? 0o700 : 0o600));
    expect(open).toEqual([]);
  }, 60_000);
});
