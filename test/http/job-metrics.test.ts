import { describe, expect, it } from "vitest";
import type { JobRecord } from "../../src/jobs/job.js";
import { createBotMetrics } from "../../src/metrics/bot-metrics.js";
import { jobMetricsObserver } from "../../src/metrics/job-metrics.js";
import { parseExposition, valueOf } from "./prometheus-text.js";

const failedJob = (code: string, server: string | undefined): JobRecord =>
  ({
    id: `job-${code}`,
    state: "failed",
    createdAt: 1_000,
    server,
    error: { key: code === "INTERNAL" ? "error.INTERNAL" : `comfy.${code}`, params: {}, correlationId: "c" },
  }) as unknown as JobRecord;

describe("what job state changes mean for the metrics", () => {
  it("GIVEN jobs that failed on a ComfyUI error, on our side, and before any server THEN only the ComfyUI one counts as its error", async () => {
    const metrics = createBotMetrics();
    const observer = jobMetricsObserver(metrics, () => 4_000);
    observer.onStateChange(failedJob("OUT_OF_MEMORY", "http://gpu:8188"), "running", "failed");
    observer.onStateChange(failedJob("INTERNAL", "http://gpu:8188"), "running", "failed");
    observer.onStateChange(failedJob("TIMEOUT", undefined), "preparing", "failed");
    observer.onQueueDepth(3);
    const families = parseExposition(await metrics.registry.metrics());
    expect(
      valueOf(families, "oelala_comfy_errors_total", { code: "OUT_OF_MEMORY", server: "gpu:8188" }),
    ).toBe(1);
    expect(valueOf(families, "oelala_comfy_errors_total", { code: "INTERNAL", server: "gpu:8188" })).toBe(
      undefined,
    );
    expect(valueOf(families, "oelala_job_duration_seconds_count", { state: "failed" })).toBe(3);
    expect(valueOf(families, "oelala_queue_depth")).toBe(3);
  });
});
