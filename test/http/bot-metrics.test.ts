import { register as globalRegistry } from "prom-client";
import { describe, expect, it } from "vitest";
import { type BotMetrics, createBotMetrics, jobDurationBuckets } from "../../src/metrics/bot-metrics.js";
import { ExpositionError, parseExposition, valueOf } from "./prometheus-text.js";

async function scrape(metrics: BotMetrics) {
  return parseExposition(await metrics.registry.metrics());
}

const unfinished = ["queued", "preparing", "submitted", "running", "delivering"] as const;

async function jobGauges(metrics: BotMetrics) {
  const families = await scrape(metrics);
  return Object.fromEntries(unfinished.map((state) => [state, valueOf(families, "oelala_jobs", { state })]));
}

describe("the exposition reader used by these tests", () => {
  it("GIVEN a sample without a # TYPE line THEN it refuses the text", () => {
    expect(() => parseExposition("# TYPE a gauge\na 1\nb 2\n")).toThrow(ExpositionError);
  });

  it("GIVEN a histogram whose buckets shrink THEN it refuses the text", () => {
    const text = [
      "# TYPE h histogram",
      'h_bucket{le="1"} 2',
      'h_bucket{le="2"} 1',
      'h_bucket{le="+Inf"} 2',
      "h_sum 3",
      "h_count 2",
      "",
    ].join("\n");
    expect(() => parseExposition(text)).toThrow(/not cumulative/);
  });
});

describe("createBotMetrics", () => {
  it("GIVEN a fresh bot THEN /metrics declares every oelala family with its type and shows idle zeros", async () => {
    const families = await scrape(createBotMetrics());

    expect(Object.fromEntries([...families].map(([name, f]) => [name, f.type]))).toEqual({
      oelala_jobs: "gauge",
      oelala_queue_depth: "gauge",
      oelala_job_duration_seconds: "histogram",
      oelala_comfy_errors_total: "counter",
      oelala_discord_api_errors_total: "counter",
      oelala_comfy_server_up: "gauge",
    });
    for (const family of families.values()) expect(family.help).toBeTruthy();
    for (const state of unfinished) expect(valueOf(families, "oelala_jobs", { state })).toBe(0);
    expect(valueOf(families, "oelala_jobs", { state: "done" })).toBeUndefined();
    expect(valueOf(families, "oelala_queue_depth")).toBe(0);
    expect(valueOf(families, "oelala_job_duration_seconds_count", { state: "failed" })).toBe(0);
  });

  it("GIVEN two jobs moving through their states THEN the gauges show where each one is", async () => {
    const metrics = createBotMetrics();
    metrics.jobStateChanged(undefined, "queued");
    metrics.jobStateChanged(undefined, "queued");
    metrics.jobStateChanged("queued", "preparing");
    metrics.jobStateChanged("preparing", "submitted");
    metrics.jobStateChanged("submitted", "running");

    expect(await jobGauges(metrics)).toEqual({
      queued: 1,
      preparing: 0,
      submitted: 0,
      running: 1,
      delivering: 0,
    });

    metrics.jobStateChanged("running", "delivering");
    metrics.jobStateChanged("delivering", "done");
    metrics.jobStateChanged("queued", "cancelled");
    expect(Object.values(await jobGauges(metrics))).toEqual([0, 0, 0, 0, 0]);
  });

  it("GIVEN a recovered job leaving a state this process never counted THEN no gauge goes negative", async () => {
    const metrics = createBotMetrics();
    metrics.jobStateChanged("running", "failed");
    metrics.jobStateChanged("submitted", "running");

    expect(await jobGauges(metrics)).toMatchObject({ running: 1, submitted: 0 });
  });

  it("GIVEN a 95 s video and a 40 min video THEN the duration histogram puts each in its bucket", async () => {
    const metrics = createBotMetrics();
    metrics.jobFinished("done", 95);
    metrics.jobFinished("done", 40 * 60);
    metrics.jobFinished("failed", 4);
    const families = await scrape(metrics);
    const bucket = (le: string, state = "done") =>
      valueOf(families, "oelala_job_duration_seconds_bucket", { state, le });

    expect(bucket("30")).toBe(0);
    expect(bucket("90")).toBe(0);
    expect(bucket("120")).toBe(1);
    expect(bucket("1800")).toBe(1);
    expect(bucket("2700")).toBe(2);
    expect(bucket("+Inf")).toBe(2);
    expect(bucket("30", "failed")).toBe(1);
    expect(valueOf(families, "oelala_job_duration_seconds_sum", { state: "done" })).toBe(95 + 2400);
    expect(valueOf(families, "oelala_job_duration_seconds_count", { state: "done" })).toBe(2);
    expect(jobDurationBuckets[0]).toBe(30);
    expect(jobDurationBuckets.at(-1)).toBe(3600);
  });

  it("GIVEN Discord errors on an interaction's webhook URL THEN the route label holds no token or id", async () => {
    const metrics = createBotMetrics();
    const token = "aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OmxvbmctdG9rZW4";
    metrics.discordApiError(
      404,
      10015,
      `https://discord.com/api/v10/webhooks/112233445566778899/${token}/messages/@original`,
    );
    metrics.discordApiError(404, 10015, `/webhooks/998877665544332211/${token}x/messages/@original`);
    metrics.discordApiError(500, undefined, "/channels/123456789012345678/messages/223456789012345678");
    const text = await metrics.registry.metrics();
    const families = parseExposition(text);

    expect(text).not.toContain(token);
    expect(text).not.toMatch(/\d{17}/);
    expect(
      valueOf(families, "oelala_discord_api_errors_total", {
        status: "404",
        code: "10015",
        route: "/webhooks/:id/:token/messages/@original",
      }),
    ).toBe(2);
    expect(
      valueOf(families, "oelala_discord_api_errors_total", {
        status: "500",
        code: "none",
        route: "/channels/:id/messages/:id",
      }),
    ).toBe(1);
  });

  it("GIVEN a ComfyUI server URL with a password THEN errors and up/down are labelled by host:port only", async () => {
    const metrics = createBotMetrics();
    const server = "http://oelala:hunter2@ai-kvm2:8188/";
    metrics.comfyError("OUT_OF_MEMORY", server);
    metrics.comfyError("OUT_OF_MEMORY", server);
    metrics.comfyError("TIMEOUT", "http://127.0.0.1:8188");
    metrics.serverUp(server, true);
    metrics.serverUp(server, false);
    metrics.queueDepth(7);
    const text = await metrics.registry.metrics();
    const families = parseExposition(text);

    expect(text).not.toContain("hunter2");
    const oom = { code: "OUT_OF_MEMORY", server: "ai-kvm2:8188" };
    expect(valueOf(families, "oelala_comfy_errors_total", oom)).toBe(2);
    expect(
      valueOf(families, "oelala_comfy_errors_total", { code: "TIMEOUT", server: "127.0.0.1:8188" }),
    ).toBe(1);
    expect(valueOf(families, "oelala_comfy_server_up", { server: "ai-kvm2:8188" })).toBe(0);
    expect(valueOf(families, "oelala_queue_depth")).toBe(7);
  });

  it("GIVEN a live view of the ComfyUI servers THEN each scrape shows whether they are up now", async () => {
    const servers = [{ server: "http://127.0.0.1:8188", up: true }];
    const metrics = createBotMetrics({ comfyServers: () => servers });

    expect(valueOf(await scrape(metrics), "oelala_comfy_server_up", { server: "127.0.0.1:8188" })).toBe(1);
    servers[0]!.up = false;
    expect(valueOf(await scrape(metrics), "oelala_comfy_server_up", { server: "127.0.0.1:8188" })).toBe(0);
  });

  it("GIVEN two bots in one process THEN each registry counts only its own jobs and the global one is empty", async () => {
    const first = createBotMetrics();
    const second = createBotMetrics();
    first.jobStateChanged(undefined, "queued");
    second.comfyError("LOST", "http://127.0.0.1:8188");

    expect(valueOf(await scrape(first), "oelala_jobs", { state: "queued" })).toBe(1);
    expect(valueOf(await scrape(second), "oelala_jobs", { state: "queued" })).toBe(0);
    expect(valueOf(await scrape(first), "oelala_comfy_errors_total", { code: "LOST" })).toBeUndefined();
    expect(await globalRegistry.metrics()).not.toContain("oelala_");
  });

  it("GIVEN process metrics are asked for THEN they carry the oelala_ prefix and the text still parses", async () => {
    const families = await scrape(createBotMetrics({ processMetrics: true }));

    expect(families.get("oelala_process_cpu_user_seconds_total")?.type).toBe("counter");
    expect(families.get("oelala_nodejs_eventloop_lag_seconds")?.type).toBe("gauge");
  });
});
