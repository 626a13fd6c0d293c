import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLoraCatalog, type LoraCatalog } from "../../src/loras/catalog.js";
import { syntheticLoraNames, syntheticQueries } from "./synthetic-loras.js";

const idleScheduler = { setTimeout: () => 0, clearTimeout: () => undefined };

describe.each([5_000, 10_000])("a catalog of %i LoRA files", (size) => {
  const files = syntheticLoraNames(size, size);
  const listed = new Set(files);

  let catalog: LoraCatalog;

  beforeAll(async () => {
    catalog = createLoraCatalog({ list: async () => files, refreshMs: 60_000, scheduler: idleScheduler });
    await catalog.refresh();
  });
  afterAll(() => catalog.close());

  it("GIVEN the synthetic list THEN it has names over 100 characters, folders, pairs and duplicates", () => {
    expect(files).toHaveLength(size);
    expect(files.some((file) => file.length > 150)).toBe(true);
    expect(files.some((file) => file.startsWith("wan 2.2/"))).toBe(true);
    expect(files.some((file) => file.includes("_LOW_fp16"))).toBe(true);
  });

  it("GIVEN every file THEN exactly one entry holds it and resolving the file finds that entry", () => {
    const held = catalog.entries().flatMap((entry) => entry.files);
    expect(held.length).toBe(listed.size);
    expect(new Set(held)).toEqual(listed);
    for (const file of files) expect(catalog.resolve(file)?.files).toContain(file);
  });

  it("GIVEN varied queries THEN every answer fits Discord and maps back to the full file names", () => {
    const queries = syntheticQueries(files, 400, size + 1);
    let longFilesReached = 0;
    for (const query of queries) {
      const choices = catalog.search(query);
      expect(choices.length).toBeLessThanOrEqual(25);
      expect(new Set(choices.map((choice) => choice.name.toLowerCase())).size).toBe(choices.length);
      for (const choice of choices) {
        expect(choice.name.length).toBeGreaterThanOrEqual(1);
        expect(choice.name.length).toBeLessThanOrEqual(100);
        expect(choice.value.length).toBeGreaterThanOrEqual(1);
        expect(choice.value.length).toBeLessThanOrEqual(100);
        const entry = catalog.resolve(choice.value);
        expect(entry?.key).toBe(choice.value);
        for (const file of entry!.files) expect(listed.has(file)).toBe(true);
        if (entry!.files.some((file) => file.length > 100)) longFilesReached += 1;
      }
    }
    expect(longFilesReached).toBeGreaterThan(0);
  });

  it("GIVEN the start of a long file's name THEN the choice for it is offered", () => {
    const long = catalog.entries().filter((entry) => entry.files.some((file) => file.length > 100));
    expect(long.length).toBeGreaterThan(10);
    for (const entry of long.slice(0, 50)) {
      const values = catalog.search(entry.name.slice(0, 60)).map((choice) => choice.value);
      expect(values).toContain(entry.key);
    }
  });

  it("GIVEN a typed value that is not in the catalog THEN nothing resolves", () => {
    const some = catalog.entries()[7]!;
    for (const typed of [some.name.slice(0, -1), `${some.files[0]}x`, `${some.key}0`, "zzqx no match"]) {
      expect(catalog.resolve(typed)).toBeUndefined();
    }
  });
});
