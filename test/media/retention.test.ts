import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { sweepOldFiles } from "../../src/media/retention.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("retention sweep", () => {
  it("GIVEN old and fresh files THEN only the old files in that folder go", async () => {
    const dir = mkdtempSync(join(tmpdir(), "oelala-retention-"));
    dirs.push(dir);
    const now = Date.now();
    const old = join(dir, "old.png");
    const fresh = join(dir, "fresh.png");
    writeFileSync(old, "x");
    writeFileSync(fresh, "y");
    utimesSync(old, new Date(now - 10 * 86_400_000), new Date(now - 10 * 86_400_000));
    mkdirSync(join(dir, "sub"));
    const nested = join(dir, "sub", "old.png");
    writeFileSync(nested, "z");
    utimesSync(nested, new Date(now - 10 * 86_400_000), new Date(now - 10 * 86_400_000));

    expect(await sweepOldFiles(dir, 7 * 86_400_000, now)).toBe(1);
    expect(existsSync(old)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
    expect(existsSync(nested)).toBe(true);
  });

  it("GIVEN a folder that does not exist THEN nothing happens", async () => {
    expect(await sweepOldFiles("/nonexistent/oelala", 1, Date.now())).toBe(0);
  });
});
