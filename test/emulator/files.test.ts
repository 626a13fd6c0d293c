/** `/upload/image` (ComfyUI's dedupe rules) and `/view` (Range, paths, content types). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startComfyEmulator, type ComfyEmulator } from "../fakes/comfy/index.js";
import { tinyMp4, tinyPng } from "../fakes/comfy/outputs.js";
import { traceExamples } from "../fakes/comfy/trace-object-info.js";
import { connectClient, i2vPrompt, postJson } from "../fakes/comfy/ws-recorder.js";

let emulator: ComfyEmulator;
let video: { filename: string; subfolder: string };

beforeAll(async () => {
  emulator = await startComfyEmulator({ stepDelayMs: 0 });
});
afterAll(() => emulator.close());

async function upload(fields: Record<string, string | { name: string; bytes: Buffer }>) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === "string") form.append(key, value);
    else form.append(key, new Blob([value.bytes], { type: "image/png" }), value.name);
  }
  const response = await fetch(`${emulator.url}/upload/image`, { method: "POST", body: form });
  const text = await response.text();
  const isJson = response.headers.get("content-type")?.startsWith("application/json") ?? false;
  return { status: response.status, json: isJson ? (JSON.parse(text) as Record<string, string>) : undefined };
}

const otherPng = Buffer.concat([tinyPng, Buffer.from("different")]);

describe("POST /upload/image", () => {
  it("GIVEN the recorded upload sequence THEN the same names come back (reuse, rename, subfolder, 400)", async () => {
    const steps: Array<Record<string, string | { name: string; bytes: Buffer }>> = [
      { image: { name: "trace_input.png", bytes: tinyPng }, overwrite: "true" },
      { image: { name: "trace_input.png", bytes: tinyPng } },
      { image: { name: "trace_input.png", bytes: otherPng } },
      { image: { name: "trace_input.png", bytes: tinyPng }, subfolder: "bot_uploads", type: "input" },
      {},
    ];
    const recorded = traceExamples().filter((e) => e.request.path === "/upload/image");
    expect(recorded).toHaveLength(steps.length);
    for (const [i, fields] of steps.entries()) {
      const ours = await upload(fields);
      expect(ours.status).toBe(recorded[i]?.response.status);
      expect(ours.json ?? null).toEqual(recorded[i]?.response.json);
    }
    expect(emulator.uploads.map((u) => u.name)).toEqual([
      "trace_input.png",
      "trace_input.png",
      "trace_input (1).png",
      "trace_input.png",
    ]);
  });

  it("GIVEN a third different file with the same name THEN it becomes (2), and identical bytes reuse the (1) name", async () => {
    const third = Buffer.concat([tinyPng, Buffer.from("third")]);
    expect((await upload({ image: { name: "trace_input.png", bytes: third } })).json?.["name"]).toBe(
      "trace_input (2).png",
    );
    expect((await upload({ image: { name: "trace_input.png", bytes: otherPng } })).json?.["name"]).toBe(
      "trace_input (1).png",
    );
  });

  it("GIVEN overwrite=true THEN the name is kept and the new bytes are served", async () => {
    await upload({ image: { name: "swap.png", bytes: tinyPng } });
    expect(
      (await upload({ image: { name: "swap.png", bytes: otherPng }, overwrite: "true" })).json?.["name"],
    ).toBe("swap.png");
    const served = Buffer.from(
      await (await fetch(`${emulator.url}/view?filename=swap.png&type=input`)).arrayBuffer(),
    );
    expect(served.equals(otherPng)).toBe(true);
  });

  it("GIVEN a bad type or an escaping subfolder THEN 500 and 400, like ComfyUI", async () => {
    expect((await upload({ image: { name: "a.png", bytes: tinyPng }, type: "models" })).status).toBe(500);
    expect((await upload({ image: { name: "a.png", bytes: tinyPng }, subfolder: "../../etc" })).status).toBe(
      400,
    );
  });

  it("GIVEN an uploaded image THEN LoadImage validates with it, and with an unknown one fails custom validation", async () => {
    const { json } = await upload({ image: { name: "input.png", bytes: tinyPng } });
    const prompt = i2vPrompt(77, 5);
    prompt["11"]!.inputs["image"] = json?.["name"] ?? "";
    const client = await connectClient(emulator.wsUrl, "files");
    const ok = await postJson(`${emulator.url}/prompt`, { prompt, client_id: "files" });
    expect(ok.status).toBe(200);
    const done = await client.finished(String(ok.json["prompt_id"]));
    expect(done.kind).toBe("json");
    const gif = (await (
      await fetch(`${emulator.url}/history/${String(ok.json["prompt_id"])}`)
    ).json()) as Record<
      string,
      { outputs: { "16": { gifs: Array<{ filename: string; subfolder: string }> } } }
    >;
    video = gif[String(ok.json["prompt_id"])]?.outputs["16"].gifs[0] ?? { filename: "", subfolder: "" };
    await client.close();
    prompt["11"]!.inputs["image"] = "never_uploaded.png";
    const bad = await postJson(`${emulator.url}/prompt`, { prompt });
    expect(bad.status).toBe(400);
    expect(
      (bad.json["node_errors"] as Record<string, { errors: Array<{ details: string }> }>)["11"]?.errors[0]
        ?.details,
    ).toBe("image - Invalid image file: never_uploaded.png");
  });
});

describe("GET /view", () => {
  const view = (query: string, headers: Record<string, string> = {}) =>
    fetch(`${emulator.url}/view?${query}`, { headers });

  it("GIVEN the produced video THEN it is served as video/mp4 with its name, starting with an ftyp box", async () => {
    const response = await view(`filename=${video.filename}&subfolder=${video.subfolder}&type=output`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("video/mp4");
    expect(response.headers.get("content-disposition")).toBe(`filename="${video.filename}"`);
    const body = Buffer.from(await response.arrayBuffer());
    expect(body.toString("latin1", 4, 8)).toBe("ftyp");
    expect(body.equals(tinyMp4)).toBe(true);
  });

  it("GIVEN a Range header THEN 206 with the requested bytes, and 416 beyond the end", async () => {
    const query = `filename=${video.filename}&subfolder=${video.subfolder}`;
    const partial = await view(query, { Range: "bytes=4-7" });
    expect(partial.status).toBe(206);
    expect(partial.headers.get("content-range")).toBe(`bytes 4-7/${tinyMp4.length}`);
    expect(Buffer.from(await partial.arrayBuffer()).toString("latin1")).toBe("ftyp");
    expect((await view(query, { Range: `bytes=${tinyMp4.length + 10}-` })).status).toBe(416);
  });

  it("GIVEN bad parameters THEN 404 missing, 400 for '..' or a bad type, 403 for an escaping subfolder", async () => {
    expect((await view("type=output")).status).toBe(404);
    expect((await view("filename=nope.mp4")).status).toBe(404);
    expect((await view("filename=../secret.txt")).status).toBe(400);
    expect((await view(`filename=${video.filename}&type=models`)).status).toBe(400);
    expect((await view(`filename=${video.filename}&subfolder=../..`)).status).toBe(403);
  });

  it("GIVEN an annotated name THEN the annotation picks the folder", async () => {
    const response = await view(`filename=${encodeURIComponent("input.png [input]")}`);
    expect(response.headers.get("content-type")).toBe("image/png");
  });
});
