import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { z } from "zod";

const root = resolve(import.meta.dirname, "../..");

/** `npm run build` when dist/ is missing or older than the sources (what `npm start` does first). */
export function buildIfStale(): Promise<void> {
  return new Promise((done, fail) =>
    execFile(
      process.execPath,
      [join(root, "deploy/build.js"), "--if-stale"],
      { cwd: root },
      (error, _out, err) => (error ? fail(new Error(`the build failed: ${err}`)) : done()),
    ),
  );
}

const lockSchema = z.object({
  packages: z.record(z.string(), z.looseObject({ dev: z.boolean().optional() })),
});

/** The top-level packages `npm ci --omit=dev` installs, from package-lock.json. */
export function productionPackages(): string[] {
  const lock = lockSchema.parse(JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")));
  return Object.entries(lock.packages)
    .filter(([path, entry]) => /^node_modules\/(@[^/]+\/)?[^/]+$/.test(path) && entry.dev !== true)
    .map(([path]) => path.slice("node_modules/".length));
}

/**
 * A production install in a fresh directory: the build (dist/), package.json, and a node_modules that
 * holds only the production packages (linked to this checkout's copies). The bot's own imports resolve
 * from there, so one that needs a development dependency (tsx, pino-pretty) fails as it would in the image.
 */
export function productionInstall(): string {
  const dir = mkdtempSync(join(tmpdir(), "oelala-production-"));
  cpSync(join(root, "dist"), join(dir, "dist"), { recursive: true });
  cpSync(join(root, "package.json"), join(dir, "package.json"));
  for (const name of productionPackages()) {
    const link = join(dir, "node_modules", name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(root, "node_modules", name), link, "dir");
  }
  return dir;
}
