import { describe, expect, it } from "vitest";
import { queuePage } from "../../commands/queue.js";
import { statusPages } from "../../commands/status.js";
import type { JobRecord } from "../../src/jobs/job.js";
import { packPages } from "../../src/discord/pages.js";

const GIB = 1024 ** 3;

function job(n: number): { job: JobRecord; position: number } {
  return {
    position: n,
    job: {
      id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
      state: "queued",
      createdAt: n,
      updatedAt: n,
      origin: {
        userId: String(100000000000000000n + BigInt(n % 7)),
        guildId: "200000000000000000",
        channelId: "300000000000000000",
        messageId: String(400000000000000000n + BigInt(n)),
        attachmentSizeLimit: 10 * 1024 * 1024,
      },
      request: { prompt: `prompt ${n} `.repeat(40), durationSeconds: 5, aspect: "auto", resolution: "480p" },
      imagePath: "/tmp/x.png",
      params: {} as JobRecord["params"],
      width: 832,
      height: 480,
      attempts: 0,
    },
  };
}

const customIds = (components: readonly { components: readonly object[] }[]) =>
  components.flatMap((r) => r.components.map((c) => ("custom_id" in c ? String(c.custom_id) : "")));

describe("paged answers within Discord's limits", () => {
  it("GIVEN 500 jobs for an admin THEN every page fits 2,000 characters, every job is on exactly one page, and button ids are unique and short", () => {
    const jobs = Array.from({ length: 500 }, (_, i) => job(i + 1));
    const first = queuePage(jobs, { userId: "1", admin: true, locale: "en", page: 0 });
    const pages = Number(/page 1 of (\d+)/.exec(first.content)?.[1]);
    expect(pages).toBeGreaterThan(1);
    expect(first.content).toContain(`500 jobs waiting, page 1 of ${pages}`);
    const seen: string[] = [];
    for (let page = 0; page < pages; page++) {
      const body = queuePage(jobs, { userId: "1", admin: true, locale: "en", page });
      expect(
        queuePage(jobs, { userId: "1", admin: true, locale: "nl", page }).content.length,
      ).toBeLessThanOrEqual(2000);
      expect(body.content.length).toBeLessThanOrEqual(2000);
      seen.push(...[...body.content.matchAll(/“prompt (\d+) /g)].map((m) => m[1]!));
      const ids = customIds(body.components);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) expect(id.length).toBeLessThanOrEqual(100);
    }
    expect(seen).toEqual(jobs.map((_, i) => String(i + 1)));
  });

  it("GIVEN 300 servers with GPUs THEN every /status page fits 2,000 characters and keeps the header and the jobs line", () => {
    const servers = Array.from({ length: 300 }, (_, i) => ({
      name: `gpu-box-${i}`,
      address: `10.0.${Math.floor(i / 250)}.${i % 250}:8188`,
      up: i % 3 !== 0,
      version: "0.3.64",
      gpus: [{ name: "cuda:0 NVIDIA GeForce RTX 3090", vramUsedBytes: GIB, vramTotalBytes: 24 * GIB }],
      queueDepth: 2,
      ourJobs: 1,
      ...(i % 3 === 0 ? { downSince: 0 } : {}),
    }));
    const pages = statusPages({
      servers,
      running: 3,
      waiting: 4,
      averageJobSeconds: 90,
      now: 1,
      admin: true,
    });
    expect(pages.length).toBeGreaterThan(1);
    for (const [i, page] of pages.entries()) {
      expect(page.length).toBeLessThanOrEqual(2000);
      expect(page).toMatch(/^\*\*Video servers\*\*: 200 of 300 up/);
      expect(page).toContain("**Jobs**: 3 being made, 4 waiting");
      expect(page).toContain(`Page ${i + 1} of ${pages.length}`);
    }
    expect(pages.join("\n").match(/gpu-box-\d+/g)).toHaveLength(300);
  });

  it("GIVEN one line longer than a page THEN it is cut, not sent whole", () => {
    expect(packPages(["x".repeat(5000)], 100)).toEqual([[`${"x".repeat(99)}…`]]);
  });
});
