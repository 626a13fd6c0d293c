import { describe, expect, it } from "vitest";
import type { ObjectInfo } from "../../src/comfy/object-info.js";
import type { ApiNode, ApiPrompt, InputValue } from "../../src/comfy/prompt.js";
import { validatePrompt, type ValidateOptions } from "../../src/workflow/validate.js";
import { fixtureObjectInfo } from "../fakes/comfy/object-info.js";

const synthetic: ObjectInfo = {
  UnionSource: {
    input: { required: {} },
    output: ["FLOAT,INT", "*", "MASK", ["a", "b"]],
    name: "UnionSource",
    output_node: false,
  },
  Pass: { input: { required: { x: ["*"] } }, output: ["IMAGE"], name: "Pass", output_node: false },
  IntSink: {
    input: { required: { value: ["INT"], any: ["*"], choice: ["COMBO", { options: ["a", "b"] }] } },
    output: [],
    name: "IntSink",
    output_node: true,
  },
};
const info: ObjectInfo = { ...fixtureObjectInfo(), ...synthetic };

const load = (image = "in.png"): ApiNode => ({ class_type: "LoadImage", inputs: { image } });
const vhs = (images: InputValue, extra: Record<string, unknown> = {}): ApiNode => ({
  class_type: "VHS_VideoCombine",
  inputs: {
    images,
    frame_rate: 16,
    loop_count: 0,
    filename_prefix: "bot/x",
    format: "video/h264-mp4",
    pingpong: false,
    save_output: true,
    ...(extra as Record<string, InputValue>),
  },
});
const sampler = (inputs: Record<string, unknown> = {}): ApiNode => ({
  class_type: "KSamplerAdvanced",
  inputs: {
    model: ["5", 0],
    add_noise: "enable",
    noise_seed: 1,
    steps: 6,
    cfg: 1,
    sampler_name: "euler",
    scheduler: "simple",
    positive: ["6", 0],
    negative: ["6", 0],
    latent_image: ["7", 2],
    start_at_step: 0,
    end_at_step: 3,
    return_with_leftover_noise: "enable",
    ...(inputs as Record<string, InputValue>),
  },
});
/** A valid two-node graph feeding a KSamplerAdvanced's LATENT straight into VHS. */
const graph = (changes: Record<string, Record<string, unknown>> = {}): ApiPrompt => {
  const prompt: ApiPrompt = {
    m: {
      class_type: "UnetLoaderGGUFAdvancedDisTorch2MultiGPU",
      inputs: {
        unet_name: "wan2.2_i2v_high_noise_14B_Q6_K.gguf",
        dequant_dtype: "default",
        patch_dtype: "default",
        patch_on_device: false,
      },
    },
    "5": { class_type: "ModelSamplingSD3", inputs: { model: ["m", 0], shift: 5 } },
    c: {
      class_type: "CLIPLoaderDisTorch2MultiGPU",
      inputs: { clip_name: "umt5_xxl_fp8_e4m3fn_scaled.safetensors", type: "wan" },
    },
    "6": { class_type: "CLIPTextEncode", inputs: { text: "a fox", clip: ["c", 0] } },
    v: { class_type: "VAELoaderDisTorch2MultiGPU", inputs: { vae_name: "wan_2.1_vae.safetensors" } },
    "7": {
      class_type: "WanImageToVideo",
      inputs: {
        positive: ["6", 0],
        negative: ["6", 0],
        vae: ["v", 0],
        width: 832,
        height: 480,
        length: 81,
        batch_size: 1,
      },
    },
    "8": { class_type: "VAEDecode", inputs: { samples: ["13", 0], vae: ["v", 0] } },
    "13": sampler(),
    "19": {
      class_type: "AspectRatioResolution_Warper",
      inputs: { aspect_ratio: "16:9 (Wide)", long_edge: 1024 },
    },
    "2": vhs(["13", 0]),
  };
  for (const [id, inputs] of Object.entries(changes)) Object.assign((prompt[id] as ApiNode).inputs, inputs);
  return prompt;
};
/** LoadImage -> VHS, the smallest valid prompt. */
const base = (): ApiPrompt => ({ "1": load(), "2": vhs(["1", 0]) });
const run = (prompt: ApiPrompt, options: ValidateOptions = {}) =>
  validatePrompt(prompt, info, { fileExists: () => true, ...options });
const errorsOf = (prompt: ApiPrompt, node: string, options: ValidateOptions = {}) =>
  run(prompt, options).node_errors[node]?.errors ?? [];

describe("prompt-level rules", () => {
  it("GIVEN the smallest valid prompt THEN it is accepted with its one output", () => {
    expect(run(base())).toMatchObject({ ok: true, status: 200, outputs: ["2"], node_errors: {} });
  });

  it("GIVEN a full loader -> sampler -> VHS graph THEN it is accepted", () => {
    expect(run(graph())).toMatchObject({ ok: true, status: 200, outputs: ["2"], node_errors: {} });
  });

  it("GIVEN an unknown class on an unconnected node THEN the whole prompt is rejected as invalid_prompt", () => {
    const result = run({ ...base(), "9": { class_type: "Nope", inputs: {} } });
    expect(result.status).toBe(400);
    expect(result.error).toEqual({
      type: "invalid_prompt",
      message: "Cannot execute because node Nope does not exist.",
      details: "Node ID '#9'",
      extra_info: {},
    });
  });

  it("GIVEN a node without class_type THEN the prompt is rejected with the 0.3.64 wording", () => {
    const result = run({ ...base(), "9": { inputs: {} } as unknown as ApiNode });
    expect(result.error?.message).toBe("Cannot execute because a node is missing the class_type property.");
  });

  it("GIVEN no output node THEN prompt_no_outputs", () => {
    expect(run({ "1": load() }).error).toMatchObject({
      type: "prompt_no_outputs",
      message: "Prompt has no outputs",
    });
  });

  it("GIVEN an unreachable node with a bad value THEN it is not input-validated", () => {
    const orphan: ApiNode = {
      class_type: "LoraLoaderModelOnly",
      inputs: { lora_name: "", strength_model: "x" },
    };
    expect(run({ ...base(), "9": orphan }).status).toBe(200);
  });

  it("GIVEN two outputs where one fails THEN 200 with node_errors and only the good output kept", () => {
    const result = run({ ...base(), "3": vhs(["1", 0], { loop_count: 500 }) });
    expect(result).toMatchObject({ ok: true, status: 200, outputs: ["2"] });
    expect(result.node_errors["3"]?.errors[0]?.type).toBe("value_bigger_than_max");
  });

  it("GIVEN two failing outputs THEN every errored node lists both outputs, as ComfyUI over-includes", () => {
    const result = run({
      "1": load(),
      "2": vhs(["1", 0], { loop_count: -1 }),
      "3": vhs(["1", 0], { loop_count: 500 }),
    });
    expect(result.status).toBe(400);
    expect(result.node_errors["2"]?.dependent_outputs).toEqual(["2", "3"]);
    expect(result.node_errors["3"]?.dependent_outputs).toEqual(["3"]);
    expect(result.error?.details).toBe(
      "Value -1 smaller than min of 0: loop_count\nValue 500 bigger than max of 100: loop_count",
    );
  });

  it("GIVEN an upstream failure THEN error.details is empty and the downstream output has no entry", () => {
    const result = run({ "1": load(), "2": vhs(["1", 0]), "1b": load() }, { fileExists: () => false });
    expect(result.error?.details).toBe("");
    expect(Object.keys(result.node_errors)).toEqual(["1"]);
  });

  it("GIVEN partial_execution_targets THEN only the listed outputs count", () => {
    const prompt = { ...base(), "3": vhs(["1", 0], { loop_count: 500 }) };
    expect(run(prompt, { partialExecutionTargets: ["3"] }).status).toBe(400);
    expect(run(prompt, { partialExecutionTargets: ["2"] }).node_errors).toEqual({});
  });
});

describe("link rules", () => {
  it("GIVEN a required input missing THEN required_input_missing names it", () => {
    const prompt = base();
    delete prompt["2"]?.inputs["images"];
    expect(errorsOf(prompt, "2")).toEqual([
      {
        type: "required_input_missing",
        message: "Required input is missing",
        details: "images",
        extra_info: { input_name: "images" },
      },
    ]);
  });

  it("GIVEN a link of length 3 THEN bad_linked_input", () => {
    const prompt = { ...base(), "2": vhs(["1", 0, 1] as unknown as InputValue) };
    expect(errorsOf(prompt, "2")[0]).toMatchObject({ type: "bad_linked_input", details: "images" });
  });

  it("GIVEN a MODEL linked into IMAGE THEN return_type_mismatch with ComfyUI's details", () => {
    const prompt: ApiPrompt = {
      ...base(),
      "5": { class_type: "ModelSamplingSD3", inputs: {} },
      "2": vhs(["5", 0]),
    };
    expect(errorsOf(prompt, "2")[0]).toMatchObject({
      type: "return_type_mismatch",
      details: "images, received_type(MODEL) mismatch input_type(IMAGE)",
      extra_info: { input_name: "images", received_type: "MODEL", linked_node: ["5", 0] },
    });
  });

  it("GIVEN VHS's quirks THEN a LATENT feeds images and an INT feeds frame_rate, but IMAGE does not feed frame_rate", () => {
    expect(run(graph({ "2": { frame_rate: ["19", 0] } }))).toMatchObject({ status: 200, node_errors: {} });
    expect(errorsOf(graph({ "2": { frame_rate: ["8", 0] } }), "2")[0]?.details).toBe(
      "frame_rate, received_type(IMAGE) mismatch input_type(FLOAT)",
    );
  });

  it("GIVEN comma unions and * THEN overlapping types and Any match, a list type does not", () => {
    const sink = (
      value: InputValue,
      any: InputValue = ["s", 2],
      choice: InputValue = ["s", 3],
    ): ApiPrompt => ({
      s: { class_type: "UnionSource", inputs: {} },
      k: { class_type: "IntSink", inputs: { value, any, choice } },
    });
    expect(run(sink(["s", 0])).status).toBe(200);
    expect(run(sink(["s", 1])).status).toBe(200);
    expect(errorsOf(sink(["s", 2]), "k")[0]?.details).toBe(
      "value, received_type(MASK) mismatch input_type(INT)",
    );
    expect(errorsOf(sink(["s", 3]), "k")[0]?.details).toBe(
      "value, received_type(['a', 'b']) mismatch input_type(INT)",
    );
  });

  it("GIVEN the output's own link to a missing node THEN exception_during_validation with KeyError details", () => {
    const result = run({ "2": vhs(["99", 0]) });
    expect(result.error?.details).toBe("Exception when validating node: '99'");
    expect(result.node_errors["2"]?.errors[0]).toMatchObject({
      type: "exception_during_validation",
      details: "'99'",
      extra_info: { exception_type: "KeyError" },
    });
  });

  it("GIVEN a link to an output index that does not exist THEN IndexError is reported on the source", () => {
    const result = run({ "1": load(), "8": { class_type: "VAEDecode", inputs: {} }, "2": vhs(["1", 7]) });
    expect(result.node_errors["2"]?.errors[0]).toMatchObject({
      details: "tuple index out of range",
      extra_info: { exception_type: "IndexError" },
    });
  });

  it("GIVEN a numeric node id in a link THEN it is a KeyError, since prompt keys are strings", () => {
    expect(
      run({ "1": load(), "2": vhs([1, 0] as unknown as InputValue) }).node_errors["2"]?.errors[0]?.details,
    ).toBe("1");
  });

  it("GIVEN a dependency cycle THEN every node in it reports dependency_cycle", () => {
    const prompt: ApiPrompt = {
      a: { class_type: "Pass", inputs: { x: ["b", 0] } },
      b: { class_type: "Pass", inputs: { x: ["a", 0] } },
      "2": vhs(["a", 0]),
    };
    const result = run(prompt);
    expect(result.status).toBe(400);
    expect(result.node_errors["a"]?.errors[0]).toMatchObject({
      type: "dependency_cycle",
      details: "a (Pass) -> b (Pass) -> a (Pass)",
      extra_info: { node_id: "a", cycle_nodes: ["a", "b"] },
    });
    expect(result.node_errors["b"]?.errors[0]?.type).toBe("dependency_cycle");
  });
});

describe("literal rules", () => {
  const coerced = (extra: Record<string, unknown>) => run({ "1": load(), "2": vhs(["1", 0], extra) });

  it('GIVEN Python-convertible literals THEN they are coerced in the stored prompt ("false" is True)', () => {
    const result = coerced({ loop_count: "7", frame_rate: "12.5", pingpong: "false", filename_prefix: 5 });
    expect(result.status).toBe(200);
    expect(result.prompt["2"]?.inputs).toMatchObject({
      loop_count: 7,
      frame_rate: 12.5,
      pingpong: true,
      filename_prefix: "5",
    });
    expect(coerced({ loop_count: 7.9 }).prompt["2"]?.inputs["loop_count"]).toBe(7);
  });

  it("GIVEN unconvertible literals THEN invalid_input_type carries Python's exception text", () => {
    const details = (extra: Record<string, unknown>) => coerced(extra).node_errors["2"]?.errors[0]?.details;
    expect(details({ loop_count: "7.5" })).toBe(
      "loop_count, 7.5, invalid literal for int() with base 10: '7.5'",
    );
    expect(details({ frame_rate: "fast" })).toBe(
      "frame_rate, fast, could not convert string to float: 'fast'",
    );
    expect(details({ loop_count: null })).toBe(
      "loop_count, None, int() argument must be a string, a bytes-like object or a real number, not 'NoneType'",
    );
  });

  it("GIVEN bounds THEN messages print numbers as Python does", () => {
    const message = (extra: Record<string, unknown>) => coerced(extra).node_errors["2"]?.errors[0]?.message;
    expect(message({ loop_count: -1 })).toBe("Value -1 smaller than min of 0");
    expect(message({ frame_rate: 0.5 })).toBe("Value 0.5 smaller than min of 1");
    expect(run(graph({ "5": { shift: 150 } })).node_errors["5"]?.errors[0]?.message).toBe(
      "Value 150.0 bigger than max of 100.0",
    );
  });

  it("GIVEN a step-misaligned value THEN it passes (step is not enforced)", () => {
    expect(coerced({ loop_count: 3, frame_rate: 16.3 }).status).toBe(200);
  });

  it("GIVEN a combo value not in a short list THEN the list is echoed; in a long list it is not", () => {
    const short = coerced({ format: "video/nope" }).node_errors["2"]?.errors[0];
    expect(short?.details).toMatch(/^format: 'video\/nope' not in \['image\/gif', 'image\/webp', /);
    expect((short?.extra_info["input_config"] as unknown[])[0]).toHaveLength(14);
    expect(run(graph({ "13": { sampler_name: "nope" } })).node_errors["13"]?.errors[0]).toMatchObject({
      details: "sampler_name: 'nope' not in (list of length 42)",
      extra_info: { input_config: null, received_value: "nope" },
    });
  });

  it("GIVEN a {__value__} wrapper THEN it is unwrapped before the checks", () => {
    expect(coerced({ loop_count: { __value__: 3 } }).prompt["2"]?.inputs["loop_count"]).toBe(3);
  });

  it("GIVEN LoadImage THEN the file check replaces the combo check", () => {
    const prompt = { "1": load("sub/not-in-list.png"), "2": vhs(["1", 0]) };
    expect(run(prompt, { fileExists: (name) => name === "sub/not-in-list.png" }).status).toBe(200);
    expect(errorsOf(prompt, "1", { fileExists: () => false })).toEqual([
      {
        type: "custom_validation_failed",
        message: "Custom validation failed for node",
        details: "image - Invalid image file: sub/not-in-list.png",
        extra_info: { input_name: "image" },
      },
    ]);
  });
});

describe("strictLinks", () => {
  it("GIVEN a dangling link in an undeclared VHS input THEN ComfyUI accepts it but strict mode rejects it", () => {
    const prompt = { ...base(), "2": vhs(["1", 0], { extra_widget: ["99", 0] }) };
    expect(run(prompt).status).toBe(200);
    const strict = run(prompt, { strictLinks: true });
    expect(strict).toMatchObject({ ok: false, status: 400, outputs: [] });
    expect(strict.error?.type).toBe("prompt_outputs_failed_validation");
    expect(strict.node_errors["2"]).toEqual({
      errors: [
        {
          type: "dangling_link",
          message: "Link to a missing node or output",
          details: "extra_widget: ['99', 0] - node 99 does not exist",
          extra_info: { input_name: "extra_widget", linked_node: ["99", 0] },
        },
      ],
      dependent_outputs: ["2"],
      class_type: "VHS_VideoCombine",
    });
  });

  it("GIVEN an undeclared link to a missing output index THEN strict mode rejects it", () => {
    const prompt = { ...base(), "2": vhs(["1", 0], { extra_widget: ["1", 5] }) };
    expect(run(prompt, { strictLinks: true }).node_errors["2"]?.errors[0]?.details).toBe(
      "extra_widget: ['1', 5] - node 1 (LoadImage) has no output 5",
    );
  });

  it("GIVEN a node only reachable through an undeclared link, with a dangling declared link THEN strict mode catches it", () => {
    const prompt: ApiPrompt = {
      ...base(),
      "2": vhs(["1", 0], { extra_widget: ["5", 0] }),
      "5": { class_type: "ModelSamplingSD3", inputs: { model: ["42", 0], shift: 5 } },
    };
    expect(run(prompt).status).toBe(200);
    const strict = run(prompt, { strictLinks: true });
    expect(strict.node_errors["5"]?.errors[0]?.details).toBe("model: ['42', 0] - node 42 does not exist");
    expect(strict.node_errors["5"]?.dependent_outputs).toEqual(["2"]);
  });
});
