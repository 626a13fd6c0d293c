import { describe, expect, test } from "vitest";
import { isComfyError, type ComfyError } from "../../src/comfy/errors.js";
import type { ObjectInfo } from "../../src/comfy/object-info.js";
import type { BuildSettings } from "../../src/workflow/build.js";
import { knownProblems, loraNames } from "../../src/workflow/known-problems.js";
import { allocationDevices, planForServer } from "../../src/workflow/server-plan.js";
import { SERVER_LORAS, addComboValues, serverInfo, setDevices, settingsFrom } from "./helpers.js";

function refusal(info: ObjectInfo, settings: BuildSettings = settingsFrom()): ComfyError {
  try {
    planForServer(info, settings);
  } catch (error) {
    if (isComfyError(error, "MISSING_CAPABILITY")) return error;
    throw error;
  }
  throw new Error("expected the server to be refused");
}

function without(info: ObjectInfo, ...classes: string[]): ObjectInfo {
  for (const c of classes) delete info[c];
  return info;
}

describe("planForServer", () => {
  test("GIVEN a server with every node, file and device THEN it builds with the Warper and sage attention", () => {
    expect(planForServer(serverInfo(), settingsFrom())).toEqual({
      options: { useWarper: true, useSageAttention: true, lastFrame: true },
      notes: [],
    });
  });

  test("GIVEN no ImageFromBatch THEN it builds without the last frame and says videos get no Continue", () => {
    const plan = planForServer(without(serverInfo(), "ImageFromBatch"), settingsFrom());
    expect(plan.options.lastFrame).toBe(false);
    expect(plan.notes.join(" ")).toMatch(/no Continue button/);
  });

  test("GIVEN no WarperNodes THEN it builds without node 19 and says the size is computed by the bot", () => {
    const plan = planForServer(without(serverInfo(), "AspectRatioResolution_Warper"), settingsFrom());
    expect(plan.options.useWarper).toBe(false);
    expect(plan.notes.join(" ")).toMatch(/ComfyUI-WarperNodes.*size is the same/);
  });

  test("GIVEN no KJNodes THEN it builds without sage attention and names the pack", () => {
    const plan = planForServer(without(serverInfo(), "PathchSageAttentionKJ"), settingsFrom());
    expect(plan.options.useSageAttention).toBe(false);
    expect(plan.notes.join(" ")).toContain("install ComfyUI-KJNodes");
  });

  test("GIVEN SAGE_ATTENTION=disabled THEN the patch nodes are left out without a note", () => {
    const plan = planForServer(serverInfo(), settingsFrom({ SAGE_ATTENTION: "disabled" }));
    expect(plan).toEqual({
      options: { useWarper: true, useSageAttention: false, lastFrame: true },
      notes: [],
    });
  });

  test("GIVEN a single-GPU server and the owner's two-GPU allocation THEN the refusal says what to set", () => {
    const info = serverInfo();
    setDevices(info, ["cpu", "cuda:0"]);
    const error = refusal(info);
    expect(error.message).toContain(
      "cuda:1 does not exist on this server (devices: cpu, cuda:0); set DISTORCH_ALLOCATION and COMPUTE_DEVICE for a single-GPU host.",
    );
  });

  test("GIVEN a single-GPU server and settings for one GPU THEN it is accepted", () => {
    const settings = settingsFrom({ DISTORCH_ALLOCATION: "cuda:0,8gb;cpu,*", COMPUTE_DEVICE: "cuda:0" });
    const info = serverInfo(settings);
    setDevices(info, ["cpu", "cuda:0"]);
    expect(planForServer(info, settings).options.useWarper).toBe(true);
  });

  test("GIVEN a VAE device of its own that does not exist THEN VAE_DEVICE is named", () => {
    expect(refusal(serverInfo(), settingsFrom({ VAE_DEVICE: "cuda:2" })).message).toContain(
      "cuda:2 does not exist on this server (devices: cpu, cuda:0, cuda:1); set VAE_DEVICE.",
    );
  });

  test.each([
    ["VHS_VideoCombine", "install ComfyUI-VideoHelperSuite"],
    ["WanImageToVideo", "update ComfyUI"],
    ["CLIPLoaderDisTorch2MultiGPU", "install ComfyUI-MultiGPU"],
  ])("GIVEN no %s THEN the refusal names the fix (%s)", (classType, fix) => {
    const error = refusal(without(serverInfo(), classType));
    expect(error.message).toContain(`This server has no ${classType}: ${fix}`);
    expect(error.message.startsWith("The video server is missing something this workflow needs.")).toBe(true);
  });

  test("GIVEN MultiGPU without ComfyUI-GGUF THEN the refusal asks for ComfyUI-GGUF", () => {
    const error = refusal(without(serverInfo(), "UnetLoaderGGUFAdvancedDisTorch2MultiGPU"));
    expect(error.message).toContain("install ComfyUI-GGUF (city96/ComfyUI-GGUF)");
  });

  test("GIVEN neither MultiGPU nor GGUF THEN one sentence lists the loaders and both packs", () => {
    const info = without(
      serverInfo(),
      "UnetLoaderGGUFAdvancedDisTorch2MultiGPU",
      "VAELoaderDisTorch2MultiGPU",
      "CLIPLoaderDisTorch2MultiGPU",
    );
    const message = refusal(info).message;
    expect(message).toMatch(
      /UnetLoaderGGUFAdvancedDisTorch2MultiGPU: install ComfyUI-MultiGPU .* and ComfyUI-GGUF/,
    );
    expect(message).toContain(
      "VAELoaderDisTorch2MultiGPU and CLIPLoaderDisTorch2MultiGPU: install ComfyUI-MultiGPU",
    );
  });

  test("GIVEN the configured text encoder is not on the server THEN the refusal names file, folder and variable", () => {
    const message = refusal(serverInfo(settingsFrom({ TEXT_ENCODER: "umt5_xxl_fp16.safetensors" }))).message;
    expect(message).toContain(
      "umt5-xxl-enc-bf16-uncensored-CONVERTED.safetensors is not on this server: put it in ComfyUI/models/text_encoders (or models/clip) or set TEXT_ENCODER",
    );
  });

  test("GIVEN a missing low-noise expert THEN UNET_LOW_NOISE and the GGUF folder are named", () => {
    const settings = settingsFrom({ UNET_LOW_NOISE: "wan2.2_i2v_low_noise_14B_Q8_0.gguf" });
    const info = serverInfo(settingsFrom());
    const message = refusal(info, settings).message;
    expect(message).toContain("wan2.2_i2v_low_noise_14B_Q8_0.gguf is not on this server");
    expect(message).toContain("models/diffusion_models (or models/unet) or set UNET_LOW_NOISE");
  });

  test.each([
    [{ SAMPLER: "euler_fancy" }, "SAMPLER=euler_fancy"],
    [{ SCHEDULER: "cosine" }, "SCHEDULER=cosine"],
    [{ SAGE_ATTENTION: "sageattn9" }, "SAGE_ATTENTION=sageattn9"],
    [{ TEXT_ENCODER_TYPE: "wan22" }, "TEXT_ENCODER_TYPE=wan22"],
  ])("GIVEN setting %j the server does not offer THEN the refusal names %s", (env, named) => {
    const settings = settingsFrom(env);
    expect(refusal(serverInfo(settings), settings).message).toContain(`${named} is not`);
  });

  test("GIVEN several problems THEN the diagnostics list each one", () => {
    const info = without(serverInfo(), "VHS_VideoCombine");
    setDevices(info, ["cpu"]);
    const error = refusal(info);
    expect(error.diagnostics["problems"]).toEqual([
      expect.stringContaining("VideoHelperSuite"),
      expect.stringContaining(
        "cuda:0 does not exist on this server (devices: cpu); set DISTORCH_ALLOCATION for a CPU-only host.",
      ),
      expect.stringContaining("cuda:1 does not exist"),
    ]);
  });
});

describe("knownProblems", () => {
  test("GIVEN the owner's defaults THEN the Wan 2.2 5B VAE and the Kijai text encoder are flagged", () => {
    const problems = knownProblems(serverInfo(), settingsFrom());
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain(
      "VAE_NAME=wan_2.2_vae.safetensors is the 48-channel VAE of Wan 2.2 TI2V-5B",
    );
    expect(problems[0]).toContain("Set VAE_NAME=wan_2.1_vae.safetensors (this server has it).");
    expect(problems[1]).toContain("TEXT_ENCODER=umt5-xxl-enc-bf16-uncensored-CONVERTED.safetensors");
    expect(problems[1]).toContain(
      "umt5_xxl_fp8_e4m3fn_scaled.safetensors or umt5_xxl_fp16.safetensors (on this server)",
    );
  });

  test("GIVEN the native files NODES.md recommends THEN nothing is flagged", () => {
    const settings = settingsFrom({
      VAE_NAME: "wan_2.1_vae.safetensors",
      TEXT_ENCODER: "umt5_xxl_fp8_e4m3fn_scaled.safetensors",
    });
    expect(knownProblems(serverInfo(settings), settings)).toEqual([]);
  });

  test("GIVEN a virtual VRAM next to an expert allocation THEN the eviction side effect is flagged", () => {
    const settings = settingsFrom({
      VAE_NAME: "wan_2.1_vae.safetensors",
      TEXT_ENCODER: "umt5_xxl_fp16.safetensors",
      VIRTUAL_VRAM_GB: "4",
    });
    expect(knownProblems(serverInfo(settings), settings)).toEqual([
      expect.stringContaining("VIRTUAL_VRAM_GB=4"),
    ]);
  });
});

describe("loraNames and allocationDevices", () => {
  test("GIVEN a server's LoRA folder THEN the names are its LoraLoaderModelOnly options", () => {
    const info = serverInfo();
    addComboValues(info, "LoraLoaderModelOnly", "lora_name", ["extra.safetensors"]);
    expect(loraNames(info)).toEqual(expect.arrayContaining([...SERVER_LORAS, "extra.safetensors"]));
    expect(loraNames({})).toEqual([]);
  });

  test("GIVEN the owner's allocation string THEN its devices are read in order", () => {
    expect(allocationDevices("cuda:0,0.25gb;cuda:1,8gb;cpu,*")).toEqual(["cuda:0", "cuda:1", "cpu"]);
  });
});
