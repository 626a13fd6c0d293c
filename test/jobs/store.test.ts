import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import type { JobRecord } from "../../src/jobs/job.js";
import { openSqliteJobStore } from "../../src/jobs/open-store.js";

const dirs: string[] = [];
function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), "oelala-store-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function job(id: string, createdAt: number, state: JobRecord["state"] = "queued"): JobRecord {
  return {
    id,
    state,
    createdAt,
    updatedAt: createdAt,
    origin: { userId: "u1", channelId: "c1", attachmentSizeLimit: 10 * 1024 * 1024 },
    request: { prompt: "a fox", durationSeconds: 5, aspect: "16:9", resolution: "480p" },
    imagePath: "/tmp/x.png",
    width: 832,
    height: 480,
    params: {
      prompt: "a fox",
      negative: "",
      durationSeconds: 5,
      aspect: "16:9",
      resolution: "480p",
      fps: 16,
      steps: 6,
      cfg: 1,
      splitStep: 3,
      seed: 42,
    },
    attempts: 0,
  };
}

describe("SQLite job store", () => {
  it("GIVEN jobs written and the process gone THEN a new store on the same file sees the unfinished ones", async () => {
    const dir = tempDir();
    const first = openSqliteJobStore(dir);
    await first.put(job("a", 1));
    await first.put(job("b", 2));
    await first.put({ ...job("c", 3), state: "running", promptId: "p-c" });
    await first.put({ ...job("a", 1), state: "done" });
    await first.setMeta("phaseCosts", { loading: 1 });
    await first.close();

    const second = openSqliteJobStore(dir);
    const active = await second.active();
    expect(active.map((j) => [j.id, j.state])).toEqual([
      ["b", "queued"],
      ["c", "running"],
    ]);
    expect((await second.get("a"))?.state).toBe("done");
    expect(await second.getMeta("phaseCosts", z.object({ loading: z.number() }))).toEqual({ loading: 1 });
    await second.close();
  });
});
