/** The Wan 2.2 I2V prompt (NODES.md §8) on the default emulator: timeline, progress, outputs, faults. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiPrompt } from "../../src/comfy/prompt.js";
import { startComfyEmulator, type ComfyEmulator } from "../fakes/comfy/index.js";
import { tinyPng } from "../fakes/comfy/outputs.js";
import { loadTrace, shape } from "../fakes/comfy/traces.js";
import {
  connectClient,
  i2vPrompt,
  ofType,
  postJson,
  type RecordingClient,
} from "../fakes/comfy/ws-recorder.js";

let emulator: ComfyEmulator;
let client: RecordingClient;
let seed = 1000;

beforeAll(async () => {
  emulator = await startComfyEmulator({
    inputFiles: { "input.png": tinyPng },
    stepDelayMs: 1,
    videoBytes: (nodeId) => (nodeId === "16" ? 9_000_000 : undefined),
  });
  client = await connectClient(emulator.wsUrl, "bot", { featureFlags: false });
});
afterAll(async () => {
  await client.close();
  await emulator.close();
});

/** Queues a prompt for client "bot" and returns its frames once `executing(null)` arrived. */
async function run(prompt: ApiPrompt) {
  const start = client.frames.length;
  const { status, json } = await postJson(`${emulator.url}/prompt`, { prompt, client_id: "bot" });
  expect(status).toBe(200);
  const promptId = String(json["prompt_id"]);
  await client.finished(promptId);
  return { promptId, frames: client.frames.slice(start) };
}

const progress = (frames: RecordingClient["frames"], node: string) =>
  ofType(frames, "progress")
    .filter((d) => d["node"] === node)
    .map((d) => `${String(d["value"])}/${String(d["max"])}`);

const boxes = (file: Buffer) => {
  const found: Array<[string, number]> = [];
  for (let at = 0; at < file.length;) {
    const size = file.readUInt32BE(at);
    found.push([file.toString("latin1", at + 4, at + 8), size]);
    at += size;
  }
  return found;
};

describe("an I2V run on the emulator", () => {
  it("GIVEN the sample prompt THEN the socket timeline has the recorded shape and ends after the history write", async () => {
    const { promptId, frames } = await run(i2vPrompt((seed += 1), 17));
    const node = "(ps executing( ps( bin4)? progress( bin1)?)*( executed)? ps|executed ps)";
    const timeline = new RegExp(
      `^(status )?status status execution_start execution_cached( ${node})+ execution_success status done$`,
    );
    expect(shape(loadTrace("ws-success").frames).replace("status+sid ", "")).toMatch(timeline);
    expect(shape(frames)).toMatch(timeline);
    const history = (await (await fetch(`${emulator.url}/history/${promptId}`)).json()) as Record<
      string,
      unknown
    >;
    expect(history[promptId]).toMatchObject({ status: { status_str: "success", completed: true } });
  });

  it("GIVEN the two KSamplerAdvanced passes THEN each reports only its own step range, and VHS one tick per frame", async () => {
    const { frames } = await run(i2vPrompt((seed += 1), 17));
    expect(progress(frames, "13")).toEqual(["1/3", "2/3", "3/3"]);
    expect(progress(frames, "14")).toEqual(["1/3", "2/3", "3/3"]);
    expect(progress(frames, "16")).toHaveLength(17);
    expect(progress(frames, "16").at(-1)).toBe("17/17");
    expect(frames.filter((f) => f.kind === "binary").map((f) => (f.kind === "binary" ? f.event : 0))).toEqual(
      [1, 1, 1, 1, 1, 1],
    );
  });

  it("GIVEN the sample prompt THEN VHS reports a real mp4 in its subfolder, padded to the requested size", async () => {
    const { promptId, frames } = await run(i2vPrompt((seed += 1), 9));
    const gif = (ofType(frames, "executed")[0]?.["output"] as { gifs: Array<Record<string, string>> })
      .gifs[0];
    expect(gif).toMatchObject({
      subfolder: "discord",
      type: "output",
      format: "video/h264-mp4",
      frame_rate: 16,
    });
    expect(gif?.["filename"]).toMatch(/^wan22_i2v_\d{5}\.mp4$/);
    expect(gif?.["workflow"]).toBe(gif?.["filename"]?.replace(".mp4", ".png"));
    const history = (await (await fetch(`${emulator.url}/history/${promptId}`)).json()) as Record<
      string,
      { outputs: unknown }
    >;
    expect(history[promptId]?.outputs).toEqual({ "16": { gifs: [gif] } });
    const view = await fetch(
      `${emulator.url}/view?filename=${gif?.["filename"]}&subfolder=discord&type=output`,
    );
    expect(view.headers.get("content-type")).toBe("video/mp4");
    const file = Buffer.from(await view.arrayBuffer());
    expect(file.length).toBe(9_000_000);
    expect(boxes(file).map(([name]) => name)).toEqual(["ftyp", "moov", "free", "mdat", "free"]);
  });

  it("GIVEN an identical prompt again THEN everything is cached and the old filename comes back without progress", async () => {
    const prompt = i2vPrompt((seed += 1), 9);
    const first = await run(prompt);
    const again = await run(prompt);
    expect(ofType(again.frames, "execution_cached")[0]?.["nodes"]).toEqual(Object.keys(prompt));
    expect(shape(again.frames)).toBe(
      "status status execution_start execution_cached executed ps execution_success status done",
    );
    expect(ofType(again.frames, "executed")[0]?.["output"]).toEqual(
      ofType(first.frames, "executed")[0]?.["output"],
    );
  });

  it("GIVEN a second, compact VHS node THEN it writes its own file next to the first", async () => {
    const prompt = i2vPrompt((seed += 1), 9);
    prompt["20"] = { ...structuredClone(prompt["16"] as ApiPrompt[string]) };
    (prompt["20"] as ApiPrompt[string]).inputs["crf"] = 30;
    const { frames } = await run(prompt);
    const files = ofType(frames, "executed").map(
      (d) => (d["output"] as { gifs: Array<{ filename: string }> }).gifs[0]?.filename,
    );
    expect(files).toHaveLength(2);
    expect(new Set(files).size).toBe(2);
    const sizes = await Promise.all(
      files.map(async (name) =>
        (await fetch(`${emulator.url}/view?filename=${name}&subfolder=discord`)).headers.get(
          "content-length",
        ),
      ),
    );
    const [small, big] = sizes.map(Number).sort((a, b) => a - b);
    expect(big).toBe(9_000_000);
    expect(small).toBeLessThan(10_000);
  });

  it("GIVEN an OOM injected at sampler step 2 THEN execution_error carries the full field set and the tips", async () => {
    emulator.failNode("13", {
      atStep: 2,
      exceptionType: "torch.OutOfMemoryError",
      message: "Allocation on device",
      times: 1,
    });
    const { promptId, frames } = await run(i2vPrompt((seed += 1), 9));
    expect(progress(frames, "13")).toEqual(["1/3"]);
    const [error] = ofType(frames, "execution_error");
    expect(Object.keys(error ?? {}).sort()).toEqual([
      "current_inputs",
      "current_outputs",
      "exception_message",
      "exception_type",
      "executed",
      "node_id",
      "node_type",
      "prompt_id",
      "timestamp",
      "traceback",
    ]);
    expect(error).toMatchObject({
      node_id: "13",
      node_type: "KSamplerAdvanced",
      exception_type: "torch.OutOfMemoryError",
    });
    expect(String(error?.["exception_message"])).toMatch(
      /^Allocation on device\nThis error means you ran out of memory on your GPU\./,
    );
    expect(error?.["executed"]).not.toContain("13");
    expect((error?.["current_inputs"] as Record<string, unknown[]>)["steps"]).toEqual([6]);
    expect(shape(frames).endsWith("executing ps progress bin1 execution_error status done")).toBe(true);
    const history = (await (await fetch(`${emulator.url}/history/${promptId}`)).json()) as Record<
      string,
      { status: unknown }
    >;
    expect(history[promptId]?.status).toMatchObject({ status_str: "error", completed: false });
    // times: 1 — the next run heals.
    expect(ofType((await run(i2vPrompt((seed += 1), 9))).frames, "execution_success")).toHaveLength(1);
  });

  it("GIVEN a node failing when it starts THEN the error follows its executing message, ending in a newline", async () => {
    emulator.failNode("15", { message: "VAE exploded", times: 1 });
    const { frames } = await run(i2vPrompt((seed += 1), 9));
    const [error] = ofType(frames, "execution_error");
    expect(error).toMatchObject({
      node_id: "15",
      exception_type: "RuntimeError",
      exception_message: "VAE exploded\n",
    });
    expect(ofType(frames, "executing").at(-2)).toMatchObject({ node: "15" });
  });
});
