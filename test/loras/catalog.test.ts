import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { createLoraCatalog, LoraCatalogRefreshError, type LoraCatalog } from "../../src/loras/catalog.js";
import { createLogger } from "../../src/logger.js";

/** Runs timers only when the test says so, and shows which delays are pending. */
function manualScheduler() {
  const pending = new Map<number, { callback: () => void; ms: number }>();
  let next = 1;
  return {
    setTimeout(callback: () => void, ms: number): number {
      pending.set(next, { callback, ms });
      return next++;
    },
    clearTimeout(handle: unknown): void {
      pending.delete(handle as number);
    },
    delays: () => [...pending.values()].map((timer) => timer.ms),
    fire(): void {
      const timers = [...pending.values()];
      pending.clear();
      for (const timer of timers) timer.callback();
    },
  };
}

function logSink() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger({ destination, level: "debug" }), lines };
}

const files = [
  "wan 2.2/NSFW-22-H-e8.safetensors",
  "wan 2.2/NSFW-22-L-e8.safetensors",
  "orbit_cam_HN.safetensors",
  "orbit_cam_LN.safetensors",
  "lone_high_noise.safetensors",
  "fog_LN.safetensors",
  "highres_fix.safetensors",
];

const open: LoraCatalog[] = [];
afterEach(() => {
  for (const catalog of open.splice(0)) catalog.close();
});

function catalogWith(list: () => Promise<readonly string[]>, scheduler = manualScheduler()) {
  const { logger, lines } = logSink();
  const catalog = createLoraCatalog({ list, refreshMs: 300_000, retryMs: 10_000, scheduler, logger });
  open.push(catalog);
  return { catalog, scheduler, lines };
}

describe("LoRA catalog contents", () => {
  it("GIVEN no refresh yet THEN the catalog is empty and resolves nothing", () => {
    const { catalog } = catalogWith(async () => files);
    expect(catalog.entries()).toEqual([]);
    expect(catalog.search("orbit")).toEqual([]);
    expect(catalog.resolve("orbit_cam")).toBeUndefined();
  });

  it("GIVEN a refresh THEN entries are grouped by expert", async () => {
    const { catalog } = catalogWith(async () => files);
    await catalog.refresh();
    const names = (category: "high_noise" | "low_noise" | "general") =>
      catalog.byCategory(category).map((entry) => entry.name);
    expect(names("high_noise")).toEqual(["NSFW-22-e8", "orbit_cam", "lone_high_noise"]);
    expect(names("low_noise")).toEqual(["NSFW-22-e8", "orbit_cam", "fog_LN"]);
    expect(names("general")).toEqual(["highres_fix"]);
  });

  it("GIVEN a key, a file name or a name in any case THEN resolve finds the entry", async () => {
    const { catalog } = catalogWith(async () => files);
    await catalog.refresh();
    const pair = catalog.resolve("ORBIT_CAM")!;
    expect(pair).toMatchObject({ high: "orbit_cam_HN.safetensors", low: "orbit_cam_LN.safetensors" });
    expect(catalog.resolve(pair.key)).toBe(pair);
    expect(catalog.resolve("orbit_cam_LN.safetensors")).toBe(pair);
    expect(catalog.resolve("  orbit_cam ")).toBe(pair);
  });

  it("GIVEN a typed value that is not in the catalog THEN resolve gives undefined", async () => {
    const { catalog } = catalogWith(async () => files);
    await catalog.refresh();
    for (const typed of [
      "orbit",
      "orbit_cam_hn.safetensors",
      "orbit_cam (high+low)",
      "~0000000000",
      "",
      "../x.pt",
    ]) {
      expect(catalog.resolve(typed)).toBeUndefined();
    }
  });

  it("GIVEN a server list with path tricks THEN those names are neither offered nor resolvable", async () => {
    const tricks = [
      "../../etc/passwd.safetensors",
      "/abs/x.safetensors",
      "a\\..\\b.pt",
      "bad\u0000.pt",
      "notes.txt",
    ];
    const { catalog, lines } = catalogWith(async () => [...tricks, "ok.safetensors"]);
    await catalog.refresh();
    expect(catalog.entries().flatMap((entry) => entry.files)).toEqual(["ok.safetensors"]);
    for (const trick of tricks) {
      expect(catalog.resolve(trick)).toBeUndefined();
      expect(catalog.isListed(trick)).toBe(false);
    }
    expect(catalog.isListed("ok.safetensors")).toBe(true);
    expect(lines).toContainEqual(expect.objectContaining({ refused: tricks.length }));
  });
});

describe("LoRA catalog refresh", () => {
  it("GIVEN a failing refresh THEN the last good list stays and the error says why", async () => {
    let answer: () => Promise<readonly string[]> = async () => files;
    const { catalog, lines } = catalogWith(() => answer());
    await catalog.refresh();
    const before = catalog.entries();
    const cause = new Error("connect ECONNREFUSED 127.0.0.1:8188");
    answer = async () => {
      throw cause;
    };
    const failure = await catalog.refresh().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(LoraCatalogRefreshError);
    expect((failure as Error).cause).toBe(cause);
    expect(catalog.entries()).toBe(before);
    expect(catalog.resolve("orbit_cam")?.kind).toBe("pair");
    expect(lines).toContainEqual(expect.objectContaining({ level: 40, kept: before.length }));
  });

  it("GIVEN the same list again THEN the catalog is not rebuilt, and a changed list is picked up", async () => {
    let answer: readonly string[] = files;
    const { catalog } = catalogWith(async () => answer);
    await catalog.refresh();
    const before = catalog.entries();
    answer = [...files];
    await catalog.refresh();
    expect(catalog.entries()).toBe(before);
    answer = [...files, "new_style.safetensors"];
    await catalog.refresh();
    expect(catalog.resolve("new_style")?.kind).toBe("general");
  });

  it("GIVEN a list that is not an array of strings THEN the refresh fails and keeps the old list", async () => {
    let answer: unknown = files;
    const { catalog } = catalogWith(async () => answer as string[]);
    await catalog.refresh();
    answer = { loras: files };
    await expect(catalog.refresh()).rejects.toBeInstanceOf(LoraCatalogRefreshError);
    expect(catalog.entries().length).toBeGreaterThan(0);
  });

  it("GIVEN concurrent refreshes THEN the server is asked once", async () => {
    let calls = 0;
    let release: (files: string[]) => void = () => undefined;
    const { catalog } = catalogWith(() => {
      calls += 1;
      return new Promise((resolve) => (release = resolve));
    });
    const all = Promise.all([catalog.refresh(), catalog.refresh(), catalog.refresh()]);
    release(files);
    await all;
    expect(calls).toBe(1);
    const later = catalog.refresh();
    release(files);
    await later;
    expect(calls).toBe(2);
  });

  it("GIVEN the timer fires THEN the list is refreshed, and a failure retries sooner", async () => {
    const lists: (readonly string[] | Error)[] = [["a.pt"], new Error("down"), ["a.pt", "b.pt"]];
    const { catalog, scheduler } = catalogWith(async () => {
      const next = lists.shift()!;
      if (next instanceof Error) throw next;
      return next;
    });
    expect(scheduler.delays()).toEqual([300_000]);
    scheduler.fire();
    await expect.poll(() => catalog.entries().length).toBe(1);
    expect(scheduler.delays()).toEqual([300_000]);
    scheduler.fire();
    await expect.poll(() => scheduler.delays()).toEqual([10_000]);
    expect(catalog.entries().length).toBe(1);
    scheduler.fire();
    await expect.poll(() => catalog.entries().length).toBe(2);
  });

  it("GIVEN a negative, fractional or NaN interval THEN the catalog refuses to start", () => {
    const list = async () => files;
    expect(() => createLoraCatalog({ list, refreshMs: -5 })).toThrow(RangeError);
    expect(() => createLoraCatalog({ list, refreshMs: 0.5 })).toThrow(RangeError);
    expect(() => createLoraCatalog({ list, refreshMs: Number.NaN })).toThrow(RangeError);
    expect(() => createLoraCatalog({ list, refreshMs: 60_000, retryMs: 0 })).toThrow(RangeError);
  });

  it("GIVEN refreshMs 0 THEN it refreshes only on demand, even after a failure", async () => {
    let fail = false;
    const scheduler = manualScheduler();
    const catalog = createLoraCatalog({
      list: async () => {
        if (fail) throw new Error("down");
        return files;
      },
      refreshMs: 0,
      scheduler,
    });
    open.push(catalog);
    await catalog.refresh();
    expect(catalog.resolve("orbit_cam")?.kind).toBe("pair");
    fail = true;
    await expect(catalog.refresh()).rejects.toBeInstanceOf(LoraCatalogRefreshError);
    expect(catalog.resolve("orbit_cam")?.kind).toBe("pair");
    expect(scheduler.delays()).toEqual([]);
  });

  it("GIVEN close THEN no timer is left and refreshes no longer re-arm it", async () => {
    const { catalog, scheduler } = catalogWith(async () => files);
    catalog.close();
    expect(scheduler.delays()).toEqual([]);
    await catalog.refresh();
    expect(scheduler.delays()).toEqual([]);
  });
});

describe("LoRA catalog just after start-up", () => {
  /** A list that arrives only when the test releases it, like a slow first /object_info. */
  function heldList() {
    let release: (files: readonly string[]) => void = () => undefined;
    const arrived = new Promise<readonly string[]>((resolve) => (release = resolve));
    return { list: () => arrived, release };
  }

  it("GIVEN the first list is still on its way THEN a search made meanwhile waits and finds it", async () => {
    const held = heldList();
    const { catalog } = catalogWith(held.list);
    void catalog.refresh();
    let answered: string[] | undefined;
    const searching = catalog
      .firstRefresh(1_500)
      .then(() => (answered = catalog.search("orbit").map((choice) => choice.name)));
    await Promise.resolve();
    expect(answered).toBeUndefined();
    held.release(files);
    await searching;
    expect(answered).toEqual(["orbit_cam (high+low)"]);
  });

  it("GIVEN the first list does not come THEN the wait ends after its limit with what there is", async () => {
    const held = heldList();
    const { catalog, scheduler } = catalogWith(held.list);
    void catalog.refresh();
    const waiting = catalog.firstRefresh(1_500);
    expect(scheduler.delays()).toContain(1_500);
    scheduler.fire();
    await waiting;
    expect(catalog.search("orbit")).toEqual([]);
  });

  it("GIVEN the first refresh failed THEN later waits return at once", async () => {
    const { catalog, scheduler } = catalogWith(async () => {
      throw new Error("ComfyUI is down");
    });
    await expect(catalog.refresh()).rejects.toBeInstanceOf(LoraCatalogRefreshError);
    const before = scheduler.delays().length;
    await catalog.firstRefresh(1_500);
    expect(scheduler.delays()).toHaveLength(before);
  });
});
