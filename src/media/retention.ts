import { readdir, stat, unlink } from "node:fs/promises";
import { join } from "node:path";

/**
 * Deletes regular files in `dir` (not below it) last modified before `now - maxAgeMs`. Returns how many
 * went. A missing folder is fine: nothing was ever written there.
 */
export async function sweepOldFiles(dir: string, maxAgeMs: number, now: number): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const path = join(dir, name);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile() || now - info.mtimeMs < maxAgeMs) continue;
    await unlink(path).then(
      () => removed++,
      () => undefined,
    );
  }
  return removed;
}
