import { Agent, request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import type { Clock } from "../../src/clock.js";
import {
  type BotHttpServer,
  type BotHttpServerOptions,
  BotHttpServerError,
  fromLoopback,
  startBotHttpServer,
} from "../../src/ops/ops-server.js";
import type { HealthReport } from "../../src/ops/health.js";
import { createBotMetrics } from "../../src/metrics/bot-metrics.js";
import { parseExposition, valueOf } from "../http/prometheus-text.js";

const ready: HealthReport = {
  discordReady: true,
  comfyServers: [
    { server: "http://gpu-a:8188", up: true },
    { server: "http://gpu-b:8188", up: false },
  ],
  queueDepth: 2,
  runningJobs: 1,
};

const started: BotHttpServer[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});

async function start(overrides: Partial<BotHttpServerOptions> = {}) {
  const metrics = createBotMetrics();
  const server = await startBotHttpServer({
    port: 0,
    host: "127.0.0.1",
    metrics,
    health: async () => ready,
    ...overrides,
  });
  started.push(server);
  return { server, metrics };
}

/** A scheduler whose timers never fire: a close that resolves did so without cutting connections. */
const frozen: Clock = { setTimeout: () => 0, clearTimeout: () => undefined };

describe("startBotHttpServer", () => {
  it("GIVEN Discord is ready and one ComfyUI server is up THEN /healthz is 200 ok with counts only", async () => {
    const { server } = await start();
    const res = await fetch(`${server.url}/healthz`);
    const body = await res.text();

    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(JSON.parse(body)).toEqual({
      status: "ok",
      discord: "ready",
      comfy: { up: 1, total: 2 },
      queueDepth: 2,
      runningJobs: 1,
      problems: [],
    });
    expect(body).not.toContain("gpu-a");
  });

  it.each([
    ["the Discord gateway is not ready", { ...ready, discordReady: false }],
    ["no ComfyUI server is up", { ...ready, comfyServers: [{ server: "http://gpu-a:8188", up: false }] }],
    ["no ComfyUI server is up", { ...ready, comfyServers: [] }],
  ])("GIVEN %s THEN /healthz is 503 and says so", async (problem, report) => {
    const { server } = await start({ health: async () => report });
    const res = await fetch(`${server.url}/healthz`);

    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: "not_ready", problems: [problem] });
  });

  it("GIVEN the health report throws THEN /healthz is 503 without the error's message, stack or paths", async () => {
    const failure = new Error("ENOENT: no such file /home/flip/oelala/data/jobs.sqlite");
    const { server } = await start({ health: () => Promise.reject(failure) });
    const res = await fetch(`${server.url}/healthz`);
    const body = await res.text();

    expect(res.status).toBe(503);
    expect(JSON.parse(body)).toMatchObject({ status: "not_ready", problems: ["the health check failed"] });
    expect(body).not.toMatch(/ENOENT|\/home|jobs\.sqlite|at /);
  });

  it("GIVEN the health report never answers THEN /healthz is 503 after the timeout", async () => {
    const { server } = await start({ health: () => new Promise(() => undefined), healthTimeoutMs: 20 });
    const res = await fetch(`${server.url}/healthz`);

    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ problems: ["the health check timed out"] });
  });

  it("GIVEN a job is running THEN /metrics serves the registry's content type and parseable text", async () => {
    const { server, metrics } = await start();
    metrics.jobStateChanged(undefined, "running");
    const res = await fetch(`${server.url}/metrics?debug=1`);
    const families = parseExposition(await res.text());

    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(metrics.registry.contentType);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(valueOf(families, "oelala_jobs", { state: "running" })).toBe(1);
  });

  it("GIVEN HEAD /metrics and POST /healthz THEN headers without a body, and 405 with Allow", async () => {
    const { server } = await start();
    const head = await fetch(`${server.url}/metrics`, { method: "HEAD" });
    const post = await fetch(`${server.url}/healthz`, { method: "POST" });

    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
  });

  it("GIVEN link routes mounted on the same port THEN they answer theirs, the bot keeps /healthz, others 404", async () => {
    const seen: string[] = [];
    const { server } = await start({
      extraRoutes: (req, res) => {
        seen.push(req.url ?? "");
        if (!req.url?.startsWith("/v/")) return false;
        res.writeHead(200, { "Content-Type": "text/html" }).end("<video>");
        return true;
      },
    });

    const video = await fetch(`${server.url}/v/abc`);
    expect(video.status).toBe(200);
    expect(await video.text()).toBe("<video>");
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const missing = await fetch(`${server.url}/nothing-here`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe("Not found\n");
    expect(seen).toEqual(["/v/abc", "/nothing-here"]);
  });

  it("GIVEN a mounted route throws THEN the answer is a plain 500 with no stack trace or path", async () => {
    const { server } = await start({
      extraRoutes: () => {
        throw new Error("EACCES: permission denied, open '/srv/oelala/videos/x.mp4'");
      },
    });
    const res = await fetch(`${server.url}/v/x`);

    expect(res.status).toBe(500);
    expect(await res.text()).toBe("Internal server error\n");
  });

  it("GIVEN metrics are limited to this machine THEN a local scrape works and a refused one is a 404", async () => {
    const { server: local } = await start({ metricsAllowed: fromLoopback });
    const { server: closed } = await start({ metricsAllowed: () => false });

    expect((await fetch(`${local.url}/metrics`)).status).toBe(200);
    expect((await fetch(`${closed.url}/metrics`)).status).toBe(404);
    expect((await fetch(`${closed.url}/healthz`)).status).toBe(200);
  });

  it("GIVEN the port is taken THEN starting fails with an error that names the port", async () => {
    const { server } = await start();
    const error = await start({ port: server.port }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(BotHttpServerError);
    expect((error as Error).message).toContain(`127.0.0.1:${server.port}`);
    expect((error as Error).message).toContain("EADDRINUSE");
  });

  it("GIVEN a slow download in flight and an idle keep-alive client THEN close waits for the download only", async () => {
    let finishDownload: (() => void) | undefined;
    let closed: Promise<void> | undefined;
    const { server } = await start({
      scheduler: frozen,
      extraRoutes: (_req, res) => {
        res.writeHead(200, { "Content-Type": "text/plain" });
        res.write("first half ");
        finishDownload = () => res.end("second half");
        return true;
      },
    });
    const agent = new Agent({ keepAlive: true });
    await new Promise<void>((done) =>
      request(`${server.url}/healthz`, { agent }, (res) => res.resume().on("end", done)).end(),
    );
    const download = new Promise<string>((done) =>
      request(`${server.url}/v/slow`, (res) => {
        let text = "";
        res.setEncoding("utf8").on("data", (chunk: string) => {
          text += chunk;
          closed ??= server.close();
        });
        res.on("end", () => done(text));
      }).end(),
    );
    await expect.poll(() => closed !== undefined).toBe(true);
    finishDownload?.();

    expect(await download).toBe("first half second half");
    await closed;
    await expect(server.close()).resolves.toBeUndefined();
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    agent.destroy();
  });
});
