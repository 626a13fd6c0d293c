/** The core's delivery decision: which file goes, a link, a smaller version made on ComfyUI, or nothing. */
import { describe, expect, it } from "vitest";
import { planDelivery } from "../../src/jobs/delivery-plan.js";
import type { JobRecord } from "../../src/jobs/job.js";
import type { ServerLane } from "../../src/jobs/lane.js";
import { createLogger } from "../../src/logger.js";
import { makeJob } from "../pool/fixtures.js";

const MiB = 1024 * 1024;
const logger = createLogger({ level: "silent" });
const options = { canLink: false, crf: { full: 19, compact: 31 } };

function finished(full: number, compact?: number): JobRecord {
  return {
    ...makeJob("j1"),
    server: "gpu1",
    result: {
      videoPath: "/nowhere/j1.mp4",
      size: full,
      compactSize: compact,
      seed: 1,
      width: 832,
      height: 480,
      frames: 17,
    },
  };
}

function lane(shrink: ServerLane["shrink"]): ServerLane {
  return { name: "gpu1", healthy: () => true, shrink } as unknown as ServerLane;
}

describe("planDelivery", () => {
  it("GIVEN sizes against a 10 MiB limit THEN the full file, else the compact one, else a link when there is a link server", async () => {
    const plan = (job: JobRecord, canLink = false) =>
      planDelivery(job, { options: { ...options, canLink }, lanes: [], logger });
    expect(await plan(finished(9 * MiB, 3 * MiB))).toEqual({ kind: "attach", which: "full" });
    expect(await plan(finished(12 * MiB, 3 * MiB))).toEqual({ kind: "attach", which: "compact" });
    expect(await plan(finished(12 * MiB, 11 * MiB), true)).toEqual({ kind: "link" });
    expect(await plan(finished(12 * MiB, 11 * MiB))).toEqual({ kind: "none" });
  });

  it("GIVEN no link server and a first smaller version still too big THEN a second is computed from what the first measured, and posted", async () => {
    const asked: number[] = [];
    const job = finished(12 * MiB, 11 * MiB);
    const plan = await planDelivery(job, {
      options,
      logger,
      lanes: [
        lane(async (_job, settings) => {
          asked.push(settings.crf);
          return { path: `/nowhere/s${asked.length}.mp4`, size: asked.length === 1 ? 10.5 * MiB : 6 * MiB };
        }),
      ],
    });
    expect(plan).toEqual({ kind: "attach", which: "smaller" });
    expect(asked).toEqual([34, 36]);
    expect(job.result?.smaller).toEqual({ path: "/nowhere/s2.mp4", size: 6 * MiB, width: 832, height: 480 });
  });

  it("GIVEN ComfyUI fails the smaller version THEN the plan is none, but while the bot stops the failure is left for the next start", async () => {
    const failing = lane(async () => {
      throw new Error("socket closed");
    });
    const deps = { options, logger, lanes: [failing] };
    expect(await planDelivery(finished(12 * MiB, 11 * MiB), deps)).toEqual({ kind: "none" });
    await expect(
      planDelivery(finished(12 * MiB, 11 * MiB), { ...deps, stopping: () => true }),
    ).rejects.toThrow("socket closed");
  });
});
