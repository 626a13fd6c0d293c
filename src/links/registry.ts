import { resolve as resolvePath } from "node:path";
import { LinkError } from "./errors.js";
import type { LinkTable } from "../store/contract.js";
import { type LinkRecord, type VideoMeta, videoMetaSchema } from "./entry.js";
import { realFileInside, unlinkInside } from "./inside-dir.js";
import { createMemoryLinkTable } from "./store.js";
import { type RandomBytes, isTokenShaped, newToken, tokenHash } from "./token.js";
import { type LinkUrls, linkUrls, normalizeBaseUrl } from "./urls.js";

export interface LinkRegistryOptions {
  /** Where links survive a restart (the bot's store). Default: memory only. */
  store?: LinkTable;
  now: () => number;
  /** How long a link works, and so how long its files are kept. */
  ttlMs: number;
  publicBaseUrl: string;
  /** The only directory videos are served from and deleted in. */
  videoDir: string;
  random?: RandomBytes;
}

export interface IssuedLink extends LinkUrls {
  token: string;
  expiresAt: number;
}

/** A live link, with its files checked to be real files inside the video directory. */
export type ResolvedLink = LinkRecord & LinkUrls;

export interface SweepResult {
  expired: number;
  filesDeleted: number;
}

export interface LinkRegistry {
  readonly publicBaseUrl: string;
  issue(videoPath: string, meta: VideoMeta): Promise<IssuedLink>;
  /** Undefined alike for a token that never existed, one that expired, and one whose file is gone. */
  resolve(token: string): Promise<ResolvedLink | undefined>;
  /** Forgets expired links and deletes their files (only inside the video directory). */
  sweep(options?: { now?: number }): Promise<SweepResult>;
}

const sweepBatch = 200;

export function createLinkRegistry(options: LinkRegistryOptions): LinkRegistry {
  const store = options.store ?? createMemoryLinkTable();
  const videoDir = resolvePath(options.videoDir);
  const publicBaseUrl = normalizeBaseUrl(options.publicBaseUrl);
  if (!(options.ttlMs > 0)) throw new RangeError(`ttlMs must be positive, got ${options.ttlMs}`);
  let sweeping: Promise<SweepResult> | undefined;

  async function requireInside(path: string, what: string): Promise<string> {
    const real = await realFileInside(videoDir, path);
    if (!real) throw new LinkError(`the ${what} is not a file inside the video directory`);
    return real;
  }

  const registry: LinkRegistry = {
    publicBaseUrl,

    async issue(videoPath, meta) {
      const parsedMeta = videoMetaSchema.safeParse(meta);
      if (!parsedMeta.success) throw new LinkError("invalid video details", { cause: parsedMeta.error });
      const createdAt = options.now();
      const record: LinkRecord = {
        ...parsedMeta.data,
        videoPath: await requireInside(videoPath, "video"),
        posterPath:
          meta.posterPath === undefined ? undefined : await requireInside(meta.posterPath, "poster"),
        createdAt,
        expiresAt: createdAt + options.ttlMs,
      };
      const token = newToken(options.random);
      await store.put(tokenHash(token), record);
      return { token, expiresAt: record.expiresAt, ...linkUrls(publicBaseUrl, token) };
    },

    async resolve(token) {
      if (!isTokenShaped(token)) return undefined;
      const record = await store.get(tokenHash(token), options.now());
      if (!record) return undefined;
      // Re-checked on every use: a link never reads outside the video directory, even from a doctored store.
      const videoPath = await realFileInside(videoDir, record.videoPath);
      if (!videoPath) return undefined;
      const posterPath = record.posterPath && (await realFileInside(videoDir, record.posterPath));
      return { ...record, videoPath, posterPath: posterPath || undefined, ...linkUrls(publicBaseUrl, token) };
    },

    sweep({ now = options.now() } = {}) {
      // One sweep at a time; a second caller shares the one running.
      sweeping ??= sweepExpired(now).finally(() => (sweeping = undefined));
      return sweeping;
    },
  };

  async function sweepExpired(now: number): Promise<SweepResult> {
    const result: SweepResult = { expired: 0, filesDeleted: 0 };
    for (let batch: Array<{ hash: string; record: LinkRecord }>; ;) {
      batch = await store.expired(now, sweepBatch);
      for (const { hash, record } of batch) {
        // Files first: a crash in between leaves an entry to retry, never an orphaned file.
        for (const file of [record.videoPath, record.posterPath]) {
          if (file && !(await store.inUse(file, now)) && (await unlinkInside(videoDir, file))) {
            result.filesDeleted += 1;
          }
        }
        await store.delete(hash);
        result.expired += 1;
      }
      if (batch.length < sweepBatch) return result;
    }
  }

  return registry;
}
