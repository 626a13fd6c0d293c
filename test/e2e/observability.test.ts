import { afterEach, describe, expect, it } from "vitest";
import { parseExposition } from "../http/prometheus-text.js";
import { type World, resultMessages, startWorld, testImage, until } from "./harness.js";

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe("health and metrics on the bot's HTTP server", () => {
  it("GIVEN a running bot that made a video THEN /healthz is ok and /metrics parses as Prometheus text with the job counted", async () => {
    world = await startWorld({ comfy: { stepDelayMs: 2 }, discord: { rateLimits: "off" } });
    const w = world;
    const image = w.discord.addAttachment("fox.png", await testImage(), "image/png");
    w.discord.sendSlashCommand({ name: "i2v", options: { image, prompt: "a fox", duration: 1 } });
    await until(() => resultMessages(w.discord).length === 1 && w.bot.jobs.list().length === 0);

    const health = await fetch(`${w.bot.http.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok", discord: "ready", comfy: { up: 1, total: 1 } });

    const response = await fetch(`${w.bot.http.url}/metrics`);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await response.text();
    const families = parseExposition(text);
    expect(families.size).toBeGreaterThan(0);
    expect(text).toMatch(/^oelala_job_duration_seconds_count\{state="done"\} 1$/m);
    expect(text).toMatch(/^oelala_comfy_server_up\{server="127\.0\.0\.1:\d+"\} 1$/m);
    expect(text).not.toContain(w.discord.token);
  });
});
