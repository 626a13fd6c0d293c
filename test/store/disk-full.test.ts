import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { StoreFullError } from "../../src/store/contract.js";
import { openSqliteStore } from "../../src/store/sqlite/open.js";
import { makeJob } from "../pool/fixtures.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("SQLite store with a full disk (max_page_count stands in for the disk)", () => {
  it("GIVEN the file cannot grow WHEN new jobs are created THEN one is refused with StoreFullError and earlier jobs still change state", async () => {
    const dir = mkdtempSync(join(tmpdir(), "oelala-full-"));
    dirs.push(dir);
    const pages = (openSqliteStore(dir).db.pragma("page_count", { simple: true }) as number) + 2;
    const store = openSqliteStore(dir, { maxPageCount: pages });
    const running = makeJob("running");
    await store.jobs.create(running);
    const refused = async () => {
      for (let i = 0; i < 10_000; i++) {
        const job = makeJob(`new-${i}`);
        try {
          await store.jobs.create({ ...job, request: { ...job.request, prompt: "x".repeat(2_000) } });
        } catch (error) {
          return error;
        }
      }
      return undefined;
    };
    const error = await refused();
    expect(error).toBeInstanceOf(StoreFullError);
    // Running work carries on: the reserve held back in the file was given to it.
    const preparing = await store.jobs.transition("queued", { ...running, state: "preparing" });
    expect(preparing.ok).toBe(true);
    const submitted = await store.jobs.transition("preparing", {
      ...running,
      state: "submitted",
      promptId: "p1",
    });
    expect(submitted.ok).toBe(true);
    expect((await store.jobs.get("running"))?.state).toBe("submitted");
    await store.close();
  });

  it("GIVEN the file cannot grow WHEN the first write that needs room is a running job's state change THEN that change is made with the reserve, and new jobs are refused from then on", async () => {
    const dir = mkdtempSync(join(tmpdir(), "oelala-full-"));
    dirs.push(dir);
    const first = openSqliteStore(dir);
    const running = makeJob("running");
    await first.jobs.create(running);
    const pages = first.db.pragma("page_count", { simple: true }) as number;
    await first.close();
    const store = openSqliteStore(dir, { maxPageCount: pages });
    const bigger = {
      ...running,
      state: "preparing" as const,
      request: { ...running.request, prompt: "y".repeat(64 * 1024) },
    };
    const preparing = await store.jobs.transition("queued", bigger);
    expect(preparing.ok).toBe(true);
    expect((await store.jobs.get("running"))?.state).toBe("preparing");
    await expect(store.jobs.create(makeJob("new"))).rejects.toBeInstanceOf(StoreFullError);
    await store.close();
  });
});
