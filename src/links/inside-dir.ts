import { lstat, realpath, unlink } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, relative, sep } from "node:path";

/** True when `path` is strictly below `dir`; both must already be absolute and resolved. */
export function isWithin(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel !== "" && !isAbsolute(rel) && rel.split(sep)[0] !== "..";
}

/** The file's real path when it is a regular file inside `dir` (symlinks resolved), else undefined. */
export async function realFileInside(dir: string, file: string): Promise<string | undefined> {
  try {
    const [realDir, realFile] = await Promise.all([realpath(dir), realpath(file)]);
    if (!isWithin(realDir, realFile)) return undefined;
    return (await lstat(realFile)).isFile() ? realFile : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Unlinks `file` only when its own directory resolves to somewhere inside `dir`. A symlink there is
 * removed itself; whatever it points at is left alone. Returns whether something was deleted.
 */
export async function unlinkInside(dir: string, file: string): Promise<boolean> {
  let target: string;
  try {
    const [realDir, realParent] = await Promise.all([realpath(dir), realpath(dirname(file))]);
    target = join(realParent, basename(file));
    if (!isWithin(realDir, target)) return false;
    const stats = await lstat(target);
    if (!stats.isFile() && !stats.isSymbolicLink()) return false;
  } catch {
    return false;
  }
  try {
    await unlink(target);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}
