import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { type MetaStore, createJobTimes } from "../../src/pool/job-times.js";
import { silent } from "./fixtures.js";

function memoryMeta(): MetaStore {
  const values = new Map<string, unknown>();
  return {
    async get<T>(key: string, schema: z.ZodType<T>) {
      const parsed = schema.safeParse(values.get(key));
      return parsed.success ? parsed.data : undefined;
    },
    async set(key, value) {
      values.set(key, value);
    },
  };
}

describe("average time per job", () => {
  it("GIVEN more jobs than the window THEN the average is over the latest ones, and survives a restart", async () => {
    const meta = memoryMeta();
    const times = createJobTimes({ size: 3, meta, logger: silent });
    expect(times.averageMs()).toBeUndefined();
    for (const seconds of [100, 10, 20, 30]) times.record(seconds * 1000);
    expect(times.averageMs()).toBe(20_000);
    await new Promise((r) => setImmediate(r));

    const restarted = createJobTimes({ size: 3, meta, logger: silent });
    await restarted.load();
    expect(restarted.averageMs()).toBe(20_000);
    expect(restarted.count).toBe(3);
  });
});
