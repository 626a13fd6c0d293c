import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fixtureObjectInfo } from "../fakes/comfy/object-info.js";
import { traceExamples, traceInputFiles, traceObjectInfo } from "../fakes/comfy/trace-object-info.js";
import { apiPromptSchema, type ApiPrompt } from "../../src/comfy/prompt.js";
import { validatePrompt } from "../../src/workflow/validate.js";

const info = traceObjectInfo();
const inputFiles = traceInputFiles();
const promptExamples = traceExamples().filter(
  (example) =>
    example.request.method === "POST" &&
    example.request.path === "/prompt" &&
    typeof example.request.json === "object" &&
    example.request.json !== null &&
    "prompt" in example.request.json,
);
const recordedPrompt = (json: unknown) => (json as { prompt: ApiPrompt }).prompt;

describe("validatePrompt against the bodies a real ComfyUI 0.3.64 answered", () => {
  it("GIVEN the recorded traces THEN there are rejected and accepted prompts to replay", () => {
    const statuses = promptExamples.map((example) => example.response.status);
    expect(statuses.filter((s) => s === 400).length).toBeGreaterThanOrEqual(10);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(5);
  });

  for (const example of promptExamples) {
    it(`GIVEN "${example.label}" THEN the status and body match the recording field for field`, () => {
      const result = validatePrompt(recordedPrompt(example.request.json), info, {
        fileExists: (name) => inputFiles.includes(name),
      });
      expect(result.status).toBe(example.response.status);
      const recorded = example.response.json as { error?: unknown; node_errors: unknown };
      if (example.response.status === 400) {
        expect({ error: result.error, node_errors: result.node_errors }).toEqual(recorded);
      } else {
        expect(result.node_errors).toEqual(recorded.node_errors);
        expect(result.ok).toBe(true);
      }
    });
  }

  it("GIVEN an accepted recorded prompt THEN the stored copy equals the recorded queue entry (prompt and outputs)", () => {
    const queued = traceExamples().find((e) => e.label === "GET /queue (during a run)");
    const running = (queued?.response.json as { queue_running: unknown[][] }).queue_running[0];
    const submitted = promptExamples.find((e) => e.label === "POST /prompt (success)");
    const result = validatePrompt(recordedPrompt(submitted?.request.json), info, {
      fileExists: (name) => inputFiles.includes(name),
    });
    expect(result.prompt).toEqual(running?.[2]);
    expect(result.outputs).toEqual(running?.[4]);
  });
});

describe("validatePrompt with the project's object_info fixture", () => {
  const sample = apiPromptSchema.parse(
    JSON.parse(readFileSync(new URL("../fixtures/comfyui/i2v-sample-prompt.json", import.meta.url), "utf8")),
  ) as ApiPrompt;
  const fixture = fixtureObjectInfo();

  it("GIVEN the NODES.md §8 sample prompt and its model names THEN ComfyUI would accept it, strictly too", () => {
    const result = validatePrompt(sample, fixture, {
      fileExists: (name) => name === "input.png",
      strictLinks: true,
    });
    expect(result).toMatchObject({ ok: true, status: 200, node_errors: {}, outputs: ["16"] });
  });

  it("GIVEN the sample without LoRA nodes (rewired) THEN it is accepted as well", () => {
    const noLora = structuredClone(sample);
    delete noLora["17"];
    delete noLora["18"];
    (noLora["5"] as ApiPrompt[string]).inputs["model"] = ["1", 0];
    (noLora["6"] as ApiPrompt[string]).inputs["model"] = ["2", 0];
    expect(validatePrompt(noLora, fixture, { strictLinks: true }).status).toBe(200);
  });

  it("GIVEN the sample on a one-GPU server (no cuda:1) THEN compute_device fails with value_not_in_list", () => {
    const oneGpu = structuredClone(fixture);
    const loader = oneGpu["UnetLoaderGGUFAdvancedDisTorch2MultiGPU"];
    if (loader?.input.optional)
      loader.input.optional["compute_device"] = [["cpu", "cuda:0"], { default: "cuda:0" }];
    const result = validatePrompt(sample, oneGpu);
    expect(result.status).toBe(400);
    expect(result.node_errors["1"]?.errors[0]).toMatchObject({
      type: "value_not_in_list",
      details: "compute_device: 'cuda:1' not in ['cpu', 'cuda:0']",
    });
    expect(result.node_errors["1"]?.dependent_outputs).toEqual(["16"]);
  });
});
