import { Readable } from "node:stream";

import { FormData, type MockAgent } from "undici";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { type ComfyHttp, createComfyHttp } from "../../src/comfy/http.js";
import { BASE_URL, createMockAgent, requestLog } from "./support/mock-http.js";
import { comfyFailure } from "./support/settle.js";
import { httpExample, loadTrace } from "./support/traces.js";

const trace = loadTrace("ws-success");

let agent: MockAgent;
let http: ComfyHttp;

beforeEach(() => {
  agent = createMockAgent();
  http = createComfyHttp({ baseUrl: `${BASE_URL}/`, dispatcher: agent, timeoutMs: 2_000 });
});

afterEach(async () => {
  await agent.close();
});

describe("transport failures", () => {
  it("GIVEN a gateway 503 THEN it is UNREACHABLE", async () => {
    agent.get(BASE_URL).intercept({ path: "/queue" }).reply(503, "upstream down");
    const error = await comfyFailure(http.queue());
    expect(error.comfyCode).toBe("UNREACHABLE");
    expect(error.diagnostics.status).toBe(503);
  });

  it("GIVEN a refused connection THEN it is UNREACHABLE", async () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:8188"), { code: "ECONNREFUSED" });
    agent.get(BASE_URL).intercept({ path: "/queue" }).replyWithError(refused);
    const error = await comfyFailure(http.queue());
    expect(error.comfyCode).toBe("UNREACHABLE");
    expect(error.cause).toBe(refused);
  });

  it("GIVEN a server slower than the deadline THEN it is TIMEOUT", async () => {
    const slow = createComfyHttp({ baseUrl: BASE_URL, dispatcher: agent, timeoutMs: 50 });
    agent.get(BASE_URL).intercept({ path: "/system_stats" }).reply(200, {}).delay(1_000);
    expect((await comfyFailure(slow.systemStats())).comfyCode).toBe("TIMEOUT");
  });

  it("GIVEN a 200 whose body is not JSON THEN it is BAD_RESPONSE", async () => {
    agent.get(BASE_URL).intercept({ path: "/features" }).reply(200, "<html>proxy login</html>");
    const error = await comfyFailure(http.features());
    expect(error.comfyCode).toBe("BAD_RESPONSE");
    expect(error.diagnostics.body).toContain("proxy login");
  });

  it("GIVEN a 200 with the wrong shape THEN it is BAD_RESPONSE", async () => {
    agent.get(BASE_URL).intercept({ path: "/queue" }).reply(200, { queue_running: "nope" });
    expect((await comfyFailure(http.queue())).comfyCode).toBe("BAD_RESPONSE");
  });

  it("GIVEN the caller aborts THEN the abort reason is thrown, not a ComfyError", async () => {
    agent.get(BASE_URL).intercept({ path: "/queue" }).reply(200, {}).delay(1_000);
    const controller = new AbortController();
    const pending = http.queue({ signal: controller.signal });
    controller.abort(new Error("job cancelled"));
    await expect(pending).rejects.toThrow("job cancelled");
  });
});

describe("uploadImage", () => {
  it("GIVEN an image and a subfolder THEN it posts multipart and returns the LoadImage value", async () => {
    let form: FormData | undefined;
    agent
      .get(BASE_URL)
      .intercept({ path: "/upload/image", method: "POST" })
      .reply((opts) => {
        form = opts.body as FormData;
        return {
          statusCode: 200,
          data: httpExample("POST /upload/image (subfolder=bot_uploads, type=input)").response.json as object,
        };
      });
    const value = await http.uploadImage(new Uint8Array([137, 80, 78, 71]), "trace_input.png", {
      subfolder: "bot_uploads",
      overwrite: true,
    });
    expect(value).toBe("bot_uploads/trace_input.png");
    expect(form).toBeInstanceOf(FormData);
    const image = form?.get("image");
    expect(image && typeof image !== "string" ? [image.name, image.size] : image).toEqual([
      "trace_input.png",
      4,
    ]);
    expect([form?.get("subfolder"), form?.get("overwrite"), form?.get("type")]).toEqual([
      "bot_uploads",
      "true",
      "input",
    ]);
  });

  it("GIVEN the server renamed a clashing upload THEN the returned value is the new name", async () => {
    const renamed = httpExample("POST /upload/image (same name, different bytes, no overwrite)").response
      .json as object;
    agent.get(BASE_URL).intercept({ path: "/upload/image", method: "POST" }).reply(200, renamed);
    expect(await http.uploadImage(new Uint8Array([1]), "trace_input.png")).toBe("trace_input (1).png");
  });

  it("GIVEN the recorded empty 400 THEN it is UPLOAD_FAILED", async () => {
    agent.get(BASE_URL).intercept({ path: "/upload/image", method: "POST" }).reply(400, "");
    expect((await comfyFailure(http.uploadImage(new Uint8Array([1]), "x.png"))).comfyCode).toBe(
      "UPLOAD_FAILED",
    );
  });
});

describe("history, queue and control", () => {
  it("GIVEN a prompt still running THEN history is undefined", async () => {
    const id = trace.prompt_id;
    agent
      .get(BASE_URL)
      .intercept({ path: `/history/${id}` })
      .reply(200, {});
    expect(await http.history(id)).toBeUndefined();
  });

  it("GIVEN a finished prompt THEN history returns its entry", async () => {
    const id = trace.prompt_id;
    const recorded = httpExample("GET /history/{prompt_id} (after success)").response.json as object;
    agent
      .get(BASE_URL)
      .intercept({ path: `/history/${id}` })
      .reply(200, recorded);
    const entry = await http.history(id);
    expect(entry?.status?.status_str).toBe("success");
    expect(Object.keys(entry?.outputs ?? {})).toEqual(["5"]);
  });

  it("GIVEN interrupt and delete THEN they send their bodies and accept ComfyUI's empty 200", async () => {
    const log = requestLog();
    const pool = agent.get(BASE_URL);
    for (let i = 0; i < 2; i += 1) {
      pool.intercept({ path: "/interrupt", method: "POST" }).reply((opts) => {
        log.record(opts);
        return { statusCode: 200, data: "" };
      });
    }
    pool.intercept({ path: "/queue", method: "POST" }).reply((opts) => {
      log.record(opts);
      return { statusCode: 200, data: "" };
    });
    await http.interrupt("p1");
    await http.interrupt();
    await http.deleteFromQueue(["p2", "p3"]);
    await http.deleteFromQueue([]);
    expect(log.seen.map((r) => [r.path, r.body])).toEqual([
      ["/interrupt", { prompt_id: "p1" }],
      ["/interrupt", {}],
      ["/queue", { delete: ["p2", "p3"] }],
    ]);
  });

  it("GIVEN GET /prompt THEN queueRemaining is the pending plus running count", async () => {
    agent
      .get(BASE_URL)
      .intercept({ path: "/prompt" })
      .reply(200, httpExample("GET /prompt (one running, one pending)").response.json as object);
    expect(await http.queueRemaining()).toBe(2);
  });

  it("GIVEN a model folder THEN models lists its files, and an unknown folder is MISSING_CAPABILITY", async () => {
    const pool = agent.get(BASE_URL);
    pool
      .intercept({ path: "/models/loras" })
      .reply(200, httpExample("GET /models/loras").response.json as object);
    pool.intercept({ path: "/models/no_such_folder" }).reply(404, "");
    expect(await http.models("loras")).toEqual(["fake_lora_rank32.safetensors"]);
    const error = await comfyFailure(http.models("no_such_folder"));
    expect(error.comfyCode).toBe("MISSING_CAPABILITY");
    expect(error.message).toContain("no_such_folder");
  });
});

describe("view", () => {
  it("GIVEN an output file THEN it is streamed from /view with filename, subfolder and type", async () => {
    const mp4 = Buffer.concat([Buffer.from("0000002066747970", "hex"), Buffer.alloc(2116, 7)]);
    agent
      .get(BASE_URL)
      .intercept({ path: "/view?filename=trace_video_00001.mp4&subfolder=&type=output" })
      .reply(200, mp4, { headers: { "content-type": "video/mp4" } });
    const stream = await http.view({ filename: "trace_video_00001.mp4", subfolder: "", type: "output" });
    expect(stream).toBeInstanceOf(Readable);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(mp4)).toBe(true);
  });

  it("GIVEN a file the server no longer has THEN it is OUTPUT_MISSING", async () => {
    agent
      .get(BASE_URL)
      .intercept({ path: "/view?filename=nope.mp4&subfolder=sub&type=output" })
      .reply(404, "");
    const error = await comfyFailure(http.view({ filename: "nope.mp4", subfolder: "sub", type: "output" }));
    expect(error.comfyCode).toBe("OUTPUT_MISSING");
  });
});
