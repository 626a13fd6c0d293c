import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";
import { openSqliteStore } from "../../src/store/sqlite/open.js";

const opened: Array<{ close(): Promise<void>; dir: string }> = [];
afterEach(async () => {
  for (const { close, dir } of opened.splice(0)) {
    await close();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A real SQLite store in a temp folder, closed and removed after the test. */
export function tempSqliteStore(options: Parameters<typeof openSqliteStore>[1] = {}) {
  const dir = mkdtempSync(join(tmpdir(), "oelala-store-"));
  const store = openSqliteStore(dir, options);
  opened.push({ close: () => store.close(), dir });
  return Object.assign(store, { dir });
}
