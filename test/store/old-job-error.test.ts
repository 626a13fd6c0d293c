import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { errorText } from "../../src/i18n/error-text.js";
import type { JobRecord } from "../../src/jobs/job.js";
import type { Store } from "../../src/store/contract.js";
import { openSqliteStore } from "../../src/store/sqlite/open.js";
import { makeJob } from "../pool/fixtures.js";

const dirs: string[] = [];
const stores: Store[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function open(dir: string): Store {
  const store = openSqliteStore(dir);
  stores.push(store);
  return store;
}

/** A failed job as a bot before errors carried keys wrote it: a code and an English sentence. */
function oldFailedJob(id: string, error: { code: string; message: string }): JobRecord {
  return {
    ...makeJob(id),
    state: "failed",
    error: { ...error, correlationId: `ref-${id}` },
  } as unknown as JobRecord;
}

describe("stored job errors from before keys", () => {
  it("GIVEN a failed job stored with only an English sentence THEN it is read back and shown, with its reference", async () => {
    const dir = mkdtempSync(join(tmpdir(), "oelala-old-error-"));
    dirs.push(dir);
    await open(dir).jobs.create(
      oldFailedJob("old", { code: "SOMETHING_GONE", message: "The old bot said this in English." }),
    );
    const job = await open(dir).jobs.get("old");
    expect(job?.state).toBe("failed");
    expect(job?.error?.correlationId).toBe("ref-old");
    expect(errorText("nl", job!.error!)).toBe("The old bot said this in English.");
  });

  it("GIVEN an old record whose sentence is a catalog sentence THEN a Dutch user reads it in Dutch", async () => {
    const dir = mkdtempSync(join(tmpdir(), "oelala-old-error-"));
    dirs.push(dir);
    await open(dir).jobs.create(
      oldFailedJob("lost", {
        code: "LOST",
        message: "The video server lost the job (it probably restarted).",
      }),
    );
    const job = await open(dir).jobs.get("lost");
    expect(job?.error?.key).toBe("comfy.LOST");
    expect(errorText("nl", job!.error!)).toBe(
      "De videoserver is de opdracht kwijtgeraakt (waarschijnlijk is hij herstart).",
    );
  });
});
