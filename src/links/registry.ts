import { resolve as resolvePath } from "node:path";
import { LinkError } from "./errors.js";
import {
  type LinkRecord,
  type VideoMeta,
  linkIndexSchema,
  linkRecordSchema,
  videoMetaSchema,
} from "./entry.js";
import { realFileInside, unlinkInside } from "./inside-dir.js";
import { type KeyValueStore, createMemoryStore } from "./store.js";
import { type RandomBytes, isTokenShaped, newToken, tokenKey } from "./token.js";
import { type LinkUrls, linkUrls, normalizeBaseUrl } from "./urls.js";

export interface LinkRegistryOptions {
  /** Where links survive a restart; a keyv instance fits. Default: memory only. */
  store?: KeyValueStore;
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

const indexKey = "links:index";

export function createLinkRegistry(options: LinkRegistryOptions): LinkRegistry {
  const store = options.store ?? createMemoryStore();
  const videoDir = resolvePath(options.videoDir);
  const publicBaseUrl = normalizeBaseUrl(options.publicBaseUrl);
  if (!(options.ttlMs > 0)) throw new RangeError(`ttlMs must be positive, got ${options.ttlMs}`);
  let writes: Promise<unknown> = Promise.resolve();

  // The index is the only list of links (keyv stores cannot all list keys); changes to it are queued.
  function serialized<T>(work: () => Promise<T>): Promise<T> {
    const next = writes.then(work);
    writes = next.catch(() => undefined);
    return next;
  }

  async function readIndex(): Promise<string[]> {
    const parsed = linkIndexSchema.safeParse(await store.get(indexKey));
    return parsed.success ? parsed.data : [];
  }

  async function readRecord(key: string): Promise<LinkRecord | undefined> {
    const parsed = linkRecordSchema.safeParse(await store.get(key));
    return parsed.success ? parsed.data : undefined;
  }

  async function requireInside(path: string, what: string): Promise<string> {
    const real = await realFileInside(videoDir, path);
    if (!real) throw new LinkError(`the ${what} is not a file inside the video directory`);
    return real;
  }

  return {
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
      const key = tokenKey(token);
      await serialized(async () => {
        await store.set(key, record);
        await store.set(indexKey, [...(await readIndex()), key]);
      });
      return { token, expiresAt: record.expiresAt, ...linkUrls(publicBaseUrl, token) };
    },

    async resolve(token) {
      if (!isTokenShaped(token)) return undefined;
      const record = await readRecord(tokenKey(token));
      if (!record || record.expiresAt <= options.now()) return undefined;
      // Re-checked on every use: a link never reads outside the video directory, even from a doctored store.
      const videoPath = await realFileInside(videoDir, record.videoPath);
      if (!videoPath) return undefined;
      const posterPath = record.posterPath && (await realFileInside(videoDir, record.posterPath));
      return { ...record, videoPath, posterPath: posterPath || undefined, ...linkUrls(publicBaseUrl, token) };
    },

    sweep({ now = options.now() } = {}) {
      return serialized(async () => {
        const keys = await readIndex();
        const live = new Set<string>();
        const kept: string[] = [];
        const expired: Array<[string, LinkRecord]> = [];
        for (const key of keys) {
          const record = await readRecord(key);
          if (!record) continue;
          if (record.expiresAt <= now) {
            expired.push([key, record]);
          } else {
            kept.push(key);
            live.add(record.videoPath);
            if (record.posterPath) live.add(record.posterPath);
          }
        }
        let filesDeleted = 0;
        for (const [key, record] of expired) {
          // Files first: a crash in between leaves an entry to retry, never an orphaned file.
          for (const file of [record.videoPath, record.posterPath]) {
            if (file && !live.has(file) && (await unlinkInside(videoDir, file))) filesDeleted += 1;
          }
          await store.delete(key);
        }
        if (kept.length !== keys.length) await store.set(indexKey, kept);
        return { expired: expired.length, filesDeleted };
      });
    },
  };
}
