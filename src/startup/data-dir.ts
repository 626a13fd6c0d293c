import { chmod, mkdir, readdir } from "node:fs/promises";
import { join } from "node:path";

/**
 * DATA_DIR holds interaction tokens, prompts, images and videos: the folder and everything in it are
 * owner-only (0700 folders, 0600 files). New files get that from the process umask (main.ts sets
 * 0077); this also fixes what an older version left readable.
 */
export async function secureDataDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await tighten(dir, 0);
}

async function tighten(dir: string, depth: number): Promise<void> {
  await chmod(dir, 0o700);
  if (depth > 4) return;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await tighten(path, depth + 1);
    else if (entry.isFile()) await chmod(path, 0o600).catch(() => undefined);
  }
}

/** The umask the bot runs with: nothing it creates is readable by group or others. */
export const ownerOnlyUmask = 0o077;
