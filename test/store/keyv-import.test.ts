/**
 * A data folder from before the store: @keyv/sqlite's one `keyv` table of JSON values in the same file.
 * Opening it migrates what parses into the tables and refuses the rest with a log line.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { sqliteFileName, openSqliteStore } from "../../src/store/sqlite/open.js";
import { makeJob } from "../pool/fixtures.js";
import { capturedLogger } from "./backends.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Writes records the way keyv 5 with @keyv/sqlite and namespace "oelala" did. */
function writeKeyvFile(dir: string, records: Record<string, unknown>): void {
  mkdirSync(dir, { recursive: true });
  const db = new Database(join(dir, sqliteFileName));
  db.exec("CREATE TABLE IF NOT EXISTS keyv(key VARCHAR(255) PRIMARY KEY, value TEXT )");
  const put = db.prepare("INSERT INTO keyv (key, value) VALUES (?, ?)");
  for (const [key, value] of Object.entries(records))
    put.run(`oelala:${key}`, JSON.stringify({ value, expires: null }));
  db.close();
}

describe("a keyv-format store from an earlier version", () => {
  it("GIVEN old job, quota, meta and link records THEN the valid ones are migrated and a broken job is refused with a log line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "oelala-keyv-"));
    dirs.push(dir);
    const running = { ...makeJob("old-running"), state: "running", promptId: "p-old", createdAt: 5 };
    const done = { ...makeJob("old-done"), state: "done", createdAt: 4 };
    const now = Date.now();
    writeKeyvFile(dir, {
      "job:old-running": running,
      "job:old-done": done,
      "job:broken": { id: "broken", state: "exploded" },
      "index:active": ["old-running", "broken"],
      "meta:quota:u1": { day: "2026-12-02", count: 3 },
      "meta:comfy.cost": { perStep: 1.5 },
      "link:abc123": {
        videoPath: "/data/videos/a.mp4",
        createdAt: now,
        expiresAt: now + 60_000,
        title: "a fox",
        width: 832,
        height: 480,
        durationSeconds: 2,
      },
    });
    const { lines, logger } = capturedLogger();
    const store = openSqliteStore(dir, { logger });
    try {
      expect((await store.jobs.listByState(["running"])).map((j) => [j.id, j.promptId])).toEqual([
        ["old-running", "p-old"],
      ]);
      expect((await store.jobs.get("old-done"))?.state).toBe("done");
      expect(await store.jobs.findByPromptId("p-old")).toMatchObject({ id: "old-running" });
      expect(await store.jobs.get("broken")).toBeUndefined();
      expect(await store.quota.used("u1", "2026-12-02")).toBe(3);
      expect(await store.meta.get("comfy.cost", z.object({ perStep: z.number() }))).toEqual({ perStep: 1.5 });
      expect(await store.links.get("abc123", now)).toMatchObject({ videoPath: "/data/videos/a.mp4" });
      const refused = lines.filter((l) => l["msg"] === "job record refused");
      expect(refused.map((l) => l["where"])).toEqual(["keyv job:broken"]);
      expect(lines.find((l) => String(l["msg"]).includes("keyv store moved"))).toMatchObject({
        jobs: 2,
        refused: 1,
      });
      const keyvLeft = store.db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'keyv'").get();
      expect(keyvLeft).toBeUndefined();
    } finally {
      await store.close();
    }
    // A second open finds nothing left to import and the same jobs.
    const again = openSqliteStore(dir);
    expect((await again.jobs.listByState(["running", "done"])).map((j) => j.id)).toEqual([
      "old-done",
      "old-running",
    ]);
    await again.close();
  });
});
