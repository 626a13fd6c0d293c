import type { MockAgent } from "undici";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { type ComfyHttp, createComfyHttp } from "../../src/comfy/http.js";
import type { ApiPrompt } from "../../src/comfy/prompt.js";
import { BASE_URL, createMockAgent, requestLog } from "./support/mock-http.js";
import { comfyFailure } from "./support/settle.js";
import { httpExample, loadHttpExamples, loadTrace } from "./support/traces.js";

const examples = loadHttpExamples();
const trace = loadTrace("ws-success");
const prompt = trace.post_prompt.request.json.prompt as ApiPrompt;

let agent: MockAgent;
let http: ComfyHttp;

beforeEach(() => {
  agent = createMockAgent();
  http = createComfyHttp({ baseUrl: `${BASE_URL}/`, dispatcher: agent, timeoutMs: 2_000 });
});

afterEach(async () => {
  await agent.close();
});

describe("queuePrompt", () => {
  it("GIVEN an accepted prompt THEN it posts prompt, client_id and prompt_id, without an Origin header", async () => {
    const log = requestLog();
    agent
      .get(BASE_URL)
      .intercept({ path: "/prompt", method: "POST" })
      .reply((opts) => {
        log.record(opts);
        return { statusCode: 200, data: httpExample("POST /prompt (success)").response.json as object };
      });
    const queued = await http.queuePrompt(prompt, trace.client_id, trace.prompt_id);
    expect(queued).toEqual({ promptId: trace.prompt_id, number: 12 });
    expect(log.seen[0]?.body).toEqual({ prompt, client_id: trace.client_id, prompt_id: trace.prompt_id });
    expect(log.seen[0]?.headers).not.toHaveProperty("origin");
  });

  const rejected = examples.filter((e) => e.request.path === "/prompt" && e.response.status === 400);

  it.each(rejected.map((e) => [e.label, e] as const))(
    "GIVEN the recorded 400 for %s THEN it is VALIDATION_FAILED with a readable reason",
    async (_label, recorded) => {
      agent
        .get(BASE_URL)
        .intercept({ path: "/prompt", method: "POST" })
        .reply(400, recorded.response.json as object);
      const error = await comfyFailure(http.queuePrompt(prompt, "c", "p"));
      expect(error.comfyCode).toBe("VALIDATION_FAILED");
      expect(error.diagnostics.reason).toBeTruthy();
      expect(error.message).toContain(error.diagnostics.reason);
      expect(error.message).not.toMatch(/\/srv\/|https?:\/\/|Traceback|File "/);
      expect(error.message.length).toBeLessThan(400);
    },
  );

  it.each([
    [
      "POST /prompt invalid: combo value not in list (unet_name)",
      "Node 3 (UnetLoaderGGUFAdvancedDisTorch2MultiGPU): unet_name: 'does_not_exist.gguf' not in list",
    ],
    [
      "POST /prompt invalid: missing required input (link) 'model' on node 4",
      "Node 4 (TraceFakeSampler): model: Required input is missing",
    ],
    [
      "POST /prompt invalid: int above max (steps=1000, max 100)",
      "Node 4 (TraceFakeSampler): steps: Value 1000 bigger than max of 100",
    ],
    [
      "POST /prompt invalid: LoadImage with a file that is not in input/",
      "Node 1 (LoadImage): image - Invalid image file: never_uploaded.png",
    ],
    [
      "POST /prompt invalid: unknown class_type",
      "Cannot execute because node NoSuchNodeClass does not exist. (Node ID '#3')",
    ],
    ["POST /prompt invalid: no output node", "Prompt has no outputs"],
  ])("GIVEN %s THEN the reason reads %j", async (label, reason) => {
    agent
      .get(BASE_URL)
      .intercept({ path: "/prompt", method: "POST" })
      .reply(400, httpExample(label).response.json as object);
    const error = await comfyFailure(http.queuePrompt(prompt, "c", "p"));
    expect(error.diagnostics.reason).toBe(reason);
  });

  it("GIVEN a 200 that still lists node errors THEN it fails and the partial prompt is withdrawn", async () => {
    const log = requestLog();
    const nodeErrors = (
      httpExample("POST /prompt invalid: combo value not in list (unet_name)").response.json as {
        node_errors: object;
      }
    ).node_errors;
    const pool = agent.get(BASE_URL);
    pool
      .intercept({ path: "/prompt", method: "POST" })
      .reply(200, { prompt_id: "p9", number: 3, node_errors: nodeErrors });
    for (const path of ["/queue", "/interrupt"]) {
      pool.intercept({ path, method: "POST" }).reply((opts) => {
        log.record(opts);
        return { statusCode: 200, data: "" };
      });
    }
    const error = await comfyFailure(http.queuePrompt(prompt, "c", "p9"));
    expect(error.comfyCode).toBe("VALIDATION_FAILED");
    expect(error.message).toContain("unet_name: 'does_not_exist.gguf' not in list");
    expect(log.seen.map((r) => [r.path, r.body])).toEqual(
      expect.arrayContaining([
        ["/queue", { delete: ["p9"] }],
        ["/interrupt", { prompt_id: "p9" }],
      ]),
    );
  });

  it("GIVEN the recorded 500 with a plain-text body THEN it is BAD_RESPONSE with status and snippet", async () => {
    const recorded = httpExample("POST /prompt with a body that is not JSON").response;
    agent
      .get(BASE_URL)
      .intercept({ path: "/prompt", method: "POST" })
      .reply(500, recorded.text ?? "");
    const error = await comfyFailure(http.queuePrompt(prompt, "c", "p"));
    expect(error.comfyCode).toBe("BAD_RESPONSE");
    expect(error.diagnostics).toMatchObject({
      status: 500,
      body: expect.stringContaining("Server got itself in trouble"),
    });
  });

  it("GIVEN a 403 (for example an Origin check) THEN it is ENQUEUE_FAILED", async () => {
    agent.get(BASE_URL).intercept({ path: "/prompt", method: "POST" }).reply(403, "");
    expect((await comfyFailure(http.queuePrompt(prompt, "c", "p"))).comfyCode).toBe("ENQUEUE_FAILED");
  });
});
