import { existsSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { LinkError } from "../../src/links/errors.js";
import { createLinkRegistry, type LinkRegistryOptions } from "../../src/links/registry.js";
import type { LinkRecord } from "../../src/links/entry.js";
import { createMemoryLinkTable } from "../../src/links/store.js";
import { tokenHash } from "../../src/links/token.js";
import type { LinkTable } from "../../src/store/contract.js";
import { openSqliteStore } from "../../src/store/sqlite/open.js";
import { copyInto, manualClock, previewJpg, scratch, tinyMp4 } from "./support.js";

const meta = { title: "a fox in the snow", width: 64, height: 48, durationSeconds: 1 };
const hour = 3_600_000;
const scratches: Array<ReturnType<typeof scratch>> = [];
afterEach(() => {
  for (const s of scratches.splice(0)) s.remove();
});

function setup(overrides: Partial<LinkRegistryOptions> = {}) {
  const dirs = scratch();
  scratches.push(dirs);
  const clock = manualClock();
  const store = createMemoryLinkTable();
  const registry = createLinkRegistry({
    store,
    now: clock.now,
    ttlMs: 24 * hour,
    publicBaseUrl: "https://videos.example.test/oelala/",
    videoDir: dirs.videoDir,
    ...overrides,
  });
  return { dirs, clock, store, registry };
}

describe("issuing and resolving links", () => {
  it("GIVEN a video in the video directory WHEN a link is issued THEN its URLs sit under the public base and it resolves until it expires", async () => {
    const { dirs, clock, registry } = setup();
    const video = copyInto(dirs.videoDir, tinyMp4, "job-1.mp4");

    const link = await registry.issue(video, meta);

    expect(link.pageUrl).toBe(`https://videos.example.test/oelala/v/${link.token}`);
    expect(link.videoUrl).toBe(`${link.pageUrl}.mp4`);
    expect(link.expiresAt).toBe(clock.now() + 24 * hour);
    expect((await registry.resolve(link.token))?.videoPath).toBe(video);
    clock.advance(24 * hour - 1);
    expect(await registry.resolve(link.token)).toMatchObject({ title: meta.title, width: 64, height: 48 });
    clock.advance(1);
    expect(await registry.resolve(link.token)).toBeUndefined();
  });

  it("GIVEN many links THEN every token is 256 random bits in base64url and none repeats", async () => {
    const drawn: Buffer[] = [];
    const { dirs, registry } = setup({
      random: (size) => {
        const bytes = Buffer.from(Array.from({ length: size }, (_, i) => (i * 7 + drawn.length * 13) % 256));
        drawn.push(bytes);
        return bytes;
      },
    });
    const video = copyInto(dirs.videoDir, tinyMp4, "job.mp4");
    const first = await registry.issue(video, meta);
    expect(drawn[0]?.length).toBe(32);
    expect(first.token).toBe(drawn[0]?.toString("base64url"));

    const real = setup();
    const realVideo = copyInto(real.dirs.videoDir, tinyMp4, "job.mp4");
    const tokens = await Promise.all(Array.from({ length: 200 }, () => real.registry.issue(realVideo, meta)));
    const unique = new Set(tokens.map((t) => t.token));
    expect(unique.size).toBe(200);
    for (const token of unique) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("GIVEN a guessed, malformed or altered token THEN nothing resolves", async () => {
    const { dirs, registry } = setup();
    const link = await registry.issue(copyInto(dirs.videoDir, tinyMp4, "v.mp4"), meta);
    const altered = `${link.token.slice(0, -1)}${link.token.endsWith("A") ? "B" : "A"}`;
    for (const token of [altered, "A".repeat(43), "", "../v.mp4", `${link.token}.mp4`, `${link.token} `]) {
      expect(await registry.resolve(token)).toBeUndefined();
    }
  });

  it("GIVEN a link WHEN the store is inspected THEN the token itself is nowhere in it", async () => {
    const written = new Map<string, unknown>();
    const memory = createMemoryLinkTable();
    const store: LinkTable = {
      ...memory,
      put: async (hash, record) => {
        written.set(hash, record);
        await memory.put(hash, record);
      },
    };
    const { dirs, registry } = setup({ store });
    const link = await registry.issue(copyInto(dirs.videoDir, tinyMp4, "v.mp4"), meta);
    expect(JSON.stringify([...written])).not.toContain(link.token);
    expect(await registry.resolve(link.token)).toBeDefined();
  });

  it("GIVEN a path outside the video directory, a symlink leaving it, or a missing file THEN no link is issued", async () => {
    const { dirs, registry } = setup();
    const outside = copyInto(dirs.outsideDir, tinyMp4, "secret.mp4");
    const escaping = join(dirs.videoDir, "escape.mp4");
    symlinkSync(outside, escaping);
    const inside = copyInto(dirs.videoDir, tinyMp4, "ok.mp4");

    await expect(registry.issue(outside, meta)).rejects.toBeInstanceOf(LinkError);
    await expect(registry.issue(join(dirs.videoDir, "..", "outside", "secret.mp4"), meta)).rejects.toThrow(
      LinkError,
    );
    await expect(registry.issue(escaping, meta)).rejects.toThrow(/not a file inside the video directory/);
    await expect(registry.issue(join(dirs.videoDir, "missing.mp4"), meta)).rejects.toThrow(LinkError);
    await expect(registry.issue(dirs.videoDir, meta)).rejects.toThrow(LinkError);
    await expect(registry.issue(inside, { ...meta, posterPath: outside })).rejects.toThrow(LinkError);
    await expect(registry.issue(inside, { ...meta, width: 0 })).rejects.toThrow(LinkError);
  });

  it("GIVEN a store edited to point a live link outside the directory THEN it does not resolve", async () => {
    const { dirs, clock, store, registry } = setup();
    const link = await registry.issue(copyInto(dirs.videoDir, tinyMp4, "v.mp4"), meta);
    const record = (await store.get(tokenHash(link.token), clock.now())) as LinkRecord;
    await store.put(tokenHash(link.token), {
      ...record,
      videoPath: copyInto(dirs.outsideDir, tinyMp4, "x.mp4"),
    });
    expect(await registry.resolve(link.token)).toBeUndefined();
  });

  it("GIVEN links in the SQLite store WHEN the bot restarts on the same file THEN the links still resolve", async () => {
    const { dirs, clock } = setup();
    const video = copyInto(dirs.videoDir, tinyMp4, "v.mp4");
    const open = () => openSqliteStore(join(dirs.root, "data"));
    const options = {
      now: clock.now,
      ttlMs: hour,
      publicBaseUrl: "http://127.0.0.1:1",
      videoDir: dirs.videoDir,
    };

    const before = open();
    const link = await createLinkRegistry({ ...options, store: before.links }).issue(video, meta);
    await before.close();

    const after = open();
    const restarted = createLinkRegistry({ ...options, store: after.links });
    expect(await restarted.resolve(link.token)).toMatchObject({ title: meta.title, videoPath: video });
    clock.advance(hour);
    expect(await restarted.sweep()).toEqual({ expired: 1, filesDeleted: 1 });
    expect(existsSync(video)).toBe(false);
    await after.close();
  });
});

describe("sweeping expired links", () => {
  it("GIVEN expired and live links THEN only expired files go, and files still used by a live link stay", async () => {
    const { dirs, clock, registry } = setup({ ttlMs: hour });
    const old = copyInto(dirs.videoDir, tinyMp4, "old.mp4");
    const oldPoster = copyInto(dirs.videoDir, previewJpg, "old.jpg");
    const shared = copyInto(dirs.videoDir, tinyMp4, "shared.mp4");
    const unrelated = copyInto(dirs.videoDir, tinyMp4, "not-linked.mp4");
    const oldLink = await registry.issue(old, { ...meta, posterPath: oldPoster });
    await registry.issue(shared, meta);
    clock.advance(hour / 2);
    const fresh = await registry.issue(shared, meta);

    clock.advance(hour / 2);
    expect(await registry.sweep()).toEqual({ expired: 2, filesDeleted: 2 });
    expect([existsSync(old), existsSync(oldPoster), existsSync(shared), existsSync(unrelated)]).toEqual([
      false,
      false,
      true,
      true,
    ]);
    expect(await registry.resolve(oldLink.token)).toBeUndefined();
    expect(await registry.resolve(fresh.token)).toBeDefined();

    expect(await registry.sweep({ now: clock.now() + hour })).toEqual({ expired: 1, filesDeleted: 1 });
    expect(existsSync(shared)).toBe(false);
    expect(await registry.sweep({ now: clock.now() + 2 * hour })).toEqual({ expired: 0, filesDeleted: 0 });
  });

  it("GIVEN expired entries that point outside the directory or through a symlink THEN nothing outside is deleted", async () => {
    const { dirs, clock, store, registry } = setup({ ttlMs: hour });
    const outside = copyInto(dirs.outsideDir, tinyMp4, "precious.mp4");
    writeFileSync(join(dirs.outsideDir, "notes.txt"), "keep me");
    const escaping = join(dirs.videoDir, "escape.mp4");
    symlinkSync(outside, escaping);
    const a = await registry.issue(copyInto(dirs.videoDir, tinyMp4, "a.mp4"), meta);
    const b = await registry.issue(copyInto(dirs.videoDir, tinyMp4, "b.mp4"), meta);
    const c = await registry.issue(copyInto(dirs.videoDir, tinyMp4, "c.mp4"), meta);
    const doctor = async (token: string, videoPath: string) => {
      const record = (await store.get(tokenHash(token), clock.now())) as LinkRecord;
      await store.put(tokenHash(token), { ...record, videoPath });
    };
    await doctor(a.token, outside);
    await doctor(b.token, escaping);
    await doctor(c.token, join(dirs.videoDir, "..", "outside", "notes.txt"));

    clock.advance(hour);
    const result = await registry.sweep();

    expect(result.expired).toBe(3);
    expect(existsSync(outside)).toBe(true);
    expect(existsSync(join(dirs.outsideDir, "notes.txt"))).toBe(true);
    expect(existsSync(escaping)).toBe(false); // the link inside the directory is ours to remove
    expect(result.filesDeleted).toBe(1);
  });
});
