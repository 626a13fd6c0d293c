import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");

describe("npm start without configuration", () => {
  it("GIVEN no token and no application id THEN it names both, explains how to get them, and exits non-zero", () => {
    const cwd = mkdtempSync(join(tmpdir(), "oelala-noconf-"));
    try {
      const env = { PATH: process.env["PATH"] ?? "", HOME: cwd };
      const run = spawnSync(join(root, "node_modules/.bin/tsx"), [join(root, "src/main.ts")], {
        cwd,
        env,
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(run.status).not.toBe(0);
      expect(run.stderr).toContain("DISCORD_TOKEN");
      expect(run.stderr).toContain("DISCORD_APPLICATION_ID");
      expect(run.stderr).toContain("applications.commands");
      expect(run.stderr).not.toMatch(/at .*\.ts:\d+/);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it("GIVEN a malformed value THEN every problem is listed and nothing starts", () => {
    const cwd = mkdtempSync(join(tmpdir(), "oelala-badconf-"));
    try {
      const env = { PATH: process.env["PATH"] ?? "", HOME: cwd, COMFYUI_URL: "not a url", FPS: "lots" };
      const run = spawnSync(join(root, "node_modules/.bin/tsx"), [join(root, "src/main.ts")], {
        cwd,
        env,
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(run.status).not.toBe(0);
      expect(run.stderr).toContain("COMFYUI_URL");
      expect(run.stderr).toContain("FPS");
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
