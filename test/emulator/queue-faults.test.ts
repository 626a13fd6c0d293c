/** Queue order, the history race, interrupts, dropped sockets, restarts and injected HTTP faults. */
import { afterEach, describe, expect, it } from "vitest";
import { startComfyEmulator, type ComfyEmulator, type ComfyEmulatorOptions } from "../fakes/comfy/index.js";
import { tinyPng } from "../fakes/comfy/outputs.js";
import {
  connectClient,
  i2vPrompt,
  ofType,
  postJson,
  type RecordingClient,
} from "../fakes/comfy/ws-recorder.js";

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

async function setup(options: ComfyEmulatorOptions = {}, clientId = "bot") {
  const emulator = await startComfyEmulator({
    inputFiles: { "input.png": tinyPng },
    stepDelayMs: 1,
    ...options,
  });
  open.push(emulator);
  const client = await connectClient(emulator.wsUrl, clientId);
  open.push(client);
  return { emulator, client };
}

async function queue(emulator: ComfyEmulator, body: Record<string, unknown>) {
  const { status, json } = await postJson(`${emulator.url}/prompt`, { client_id: "bot", ...body });
  expect(status).toBe(200);
  return String(json["prompt_id"]);
}

const getJson = async (url: string) => (await (await fetch(url)).json()) as Record<string, unknown>;
const type = (name: string) => (f: RecordingClient["frames"][number]) => f.kind === "json" && f.type === name;

describe("the emulator's queue", () => {
  it("GIVEN a paused worker THEN prompts wait in /queue, and a front prompt runs first after resume", async () => {
    const { emulator, client } = await setup();
    emulator.pause();
    const first = await queue(emulator, { prompt: i2vPrompt(1, 5) });
    const second = await queue(emulator, { prompt: i2vPrompt(2, 5), front: true });
    const listed = await getJson(`${emulator.url}/queue`);
    expect(listed["queue_running"]).toEqual([]);
    expect((listed["queue_pending"] as unknown[][]).map((item) => item[1]).sort()).toEqual(
      [first, second].sort(),
    );
    expect(await getJson(`${emulator.url}/prompt`)).toEqual({ exec_info: { queue_remaining: 2 } });
    emulator.resume();
    await client.finished(first);
    expect(ofType(client.frames, "execution_start").map((d) => d["prompt_id"])).toEqual([second, first]);
  });

  it("GIVEN a pending prompt deleted through POST /queue THEN it never runs and the queue broadcasts", async () => {
    const { emulator, client } = await setup();
    emulator.pause();
    const doomed = await queue(emulator, { prompt: i2vPrompt(3, 5) });
    const statuses = ofType(client.frames, "status").length;
    const reply = await fetch(`${emulator.url}/api/queue`, {
      method: "POST",
      body: JSON.stringify({ delete: [doomed] }),
    });
    expect([reply.status, await reply.text()]).toEqual([200, ""]);
    await client.waitFor(() => ofType(client.frames, "status").length > statuses);
    expect(await getJson(`${emulator.url}/queue`)).toEqual({ queue_running: [], queue_pending: [] });
    emulator.resume();
    await emulator.idle();
    expect(ofType(client.frames, "execution_start")).toEqual([]);
  });

  it("GIVEN a gap before the history write THEN history is {} at execution_success and written before executing(null)", async () => {
    const { emulator, client } = await setup({ historyGapMs: 300 });
    const id = await queue(emulator, { prompt: i2vPrompt(4, 5) });
    await client.waitFor(type("execution_success"));
    expect(await getJson(`${emulator.url}/history/${id}`)).toEqual({});
    await client.finished(id);
    expect(Object.keys(await getJson(`${emulator.url}/history/${id}`))).toEqual([id]);
  });
});

describe("interrupts", () => {
  it("GIVEN an interrupt for another prompt id THEN the running prompt is untouched", async () => {
    const { emulator, client } = await setup({ stepDelayMs: 5 });
    const id = await queue(emulator, { prompt: i2vPrompt(5, 5) });
    await client.waitFor(type("progress"));
    await fetch(`${emulator.url}/interrupt`, {
      method: "POST",
      body: JSON.stringify({ prompt_id: "someone-else" }),
    });
    await client.finished(id);
    expect(ofType(client.frames, "execution_success")).toHaveLength(1);
  });

  it("GIVEN an interrupt while idle THEN the next prompt still runs to success", async () => {
    const { emulator, client } = await setup();
    await fetch(`${emulator.url}/interrupt`, { method: "POST" });
    const id = await queue(emulator, { prompt: i2vPrompt(6, 5) });
    await client.finished(id);
    expect(ofType(client.frames, "execution_success")).toHaveLength(1);
  });

  it("GIVEN a global interrupt during sampling THEN execution_interrupted names the sampler and history says error", async () => {
    const { emulator, client } = await setup({ stepDelayMs: 30 });
    const id = await queue(emulator, { prompt: i2vPrompt(7, 5) });
    await client.waitFor((f) => f.kind === "json" && f.type === "progress" && f.data["node"] === "13");
    await fetch(`${emulator.url}/interrupt`, { method: "POST" });
    await client.finished(id);
    expect(ofType(client.frames, "execution_interrupted")[0]).toMatchObject({
      prompt_id: id,
      node_id: "13",
      node_type: "KSamplerAdvanced",
    });
    const entry = (await getJson(`${emulator.url}/history/${id}`))[id] as {
      status: { status_str: string; messages: string[][] };
    };
    expect(entry.status.status_str).toBe("error");
    expect(entry.status.messages.at(-1)?.[0]).toBe("execution_interrupted");
  });
});

describe("connection faults", () => {
  it("GIVEN dropSockets after 2 progress messages THEN the client is cut, the run continues, and a reconnect sees the end", async () => {
    const { emulator, client } = await setup({ stepDelayMs: 10 });
    emulator.dropSockets({ afterProgress: 2 });
    const id = await queue(emulator, { prompt: i2vPrompt(8, 9) });
    await new Promise((resolve) => client.ws.once("close", resolve));
    expect(ofType(client.frames, "progress")).toHaveLength(2);
    const again = await connectClient(emulator.wsUrl, "bot");
    open.push(again);
    await again.finished(id);
    expect(ofType(again.frames, "execution_success")).toHaveLength(1);
    expect(emulator.connectedClients()).toEqual(["bot"]);
  });

  it("GIVEN the reconnect hazard option THEN an old socket closing late unregisters the new one with the same id", async () => {
    for (const hazard of [false, true]) {
      const emulator = await startComfyEmulator({ reconnectHazard: hazard });
      open.push(emulator);
      const old = await connectClient(emulator.wsUrl, "same");
      const fresh = await connectClient(emulator.wsUrl, "same");
      open.push(fresh);
      await old.close();
      await expect.poll(() => emulator.connectedClients()).toEqual(hazard ? [] : ["same"]);
      // A queue change broadcasts `status`; only a still-registered socket gets it.
      await fetch(`${emulator.url}/queue`, { method: "POST", body: JSON.stringify({ clear: true }) });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(ofType(fresh.frames, "status")).toHaveLength(hazard ? 1 : 2);
    }
  });

  it("GIVEN a restart THEN the same port answers with an empty queue and history, and sockets were closed", async () => {
    const { emulator, client } = await setup({ stepDelayMs: 20 });
    const lost = await queue(emulator, { prompt: i2vPrompt(9, 9) });
    await client.waitFor(type("progress"));
    const closed = new Promise((resolve) => client.ws.once("close", resolve));
    await emulator.restart({ loseQueue: true });
    await closed;
    expect(await getJson(`${emulator.url}/queue`)).toEqual({ queue_running: [], queue_pending: [] });
    expect(await getJson(`${emulator.url}/history/${lost}`)).toEqual({});
    const fresh = await connectClient(emulator.wsUrl, "bot");
    open.push(fresh);
    const id = await queue(emulator, { prompt: i2vPrompt(9, 9) });
    await fresh.finished(id);
    expect(ofType(fresh.frames, "execution_cached")[0]?.["nodes"]).toEqual([]);
    expect(emulator.prompts.map((p) => p.promptId)).toEqual([lost, id]);
  });

  it("GIVEN a dangling link in an undeclared input THEN ComfyUI accepts it and its worker dies until a restart", async () => {
    const { emulator, client } = await setup();
    const prompt = i2vPrompt(10, 5);
    (prompt["16"] as { inputs: Record<string, unknown> }).inputs["trim_to_audio"] = ["99", 0];
    const dead = await queue(emulator, { prompt });
    await client.waitFor(type("execution_start"));
    const next = await queue(emulator, { prompt: i2vPrompt(11, 5) });
    await emulator.idle();
    expect(emulator.isWorkerAlive()).toBe(false);
    const listed = await getJson(`${emulator.url}/queue`);
    expect((listed["queue_running"] as unknown[][])[0]?.[1]).toBe(dead);
    expect((listed["queue_pending"] as unknown[][])[0]?.[1]).toBe(next);
    await emulator.restart();
    expect(emulator.isWorkerAlive()).toBe(true);
  });

  it("GIVEN failRoute on POST /prompt THEN the next two submissions get 503 on either spelling, then it recovers", async () => {
    const { emulator } = await setup();
    emulator.failRoute("POST", "/prompt", 503, 2);
    const body = { prompt: i2vPrompt(12, 5) };
    expect((await postJson(`${emulator.url}/prompt`, body)).status).toBe(503);
    expect((await postJson(`${emulator.url}/api/prompt`, body)).status).toBe(503);
    expect((await postJson(`${emulator.url}/prompt`, body)).status).toBe(200);
  });

  it("GIVEN slowRoute THEN a client with a short timeout gives up while other routes stay fast", async () => {
    const { emulator } = await setup();
    emulator.slowRoute("GET", "/system_stats", 1000);
    await expect(
      fetch(`${emulator.url}/system_stats`, { signal: AbortSignal.timeout(100) }),
    ).rejects.toThrow();
    expect((await fetch(`${emulator.url}/features`, { signal: AbortSignal.timeout(1000) })).status).toBe(200);
  });
});
