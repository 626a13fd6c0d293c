import { describe, expect, it } from "vitest";
import type { LoraEntry } from "../../src/loras/entry.js";
import { buildLoraEntries } from "../../src/loras/pairs.js";

function summary(entries: readonly LoraEntry[]) {
  return entries.map(({ kind, name, high, low }) => ({ kind, name, high, low }));
}

describe("buildLoraEntries pairing", () => {
  it.each([
    [
      "wan2.2_i2v_lightx2v_4steps_lora_v1_high_noise.safetensors",
      "wan2.2_i2v_lightx2v_4steps_lora_v1_low_noise.safetensors",
      "wan2.2_i2v_lightx2v_4steps_lora_v1",
    ],
    [
      "Wan2.2-Lightning_I2V-A14B-4steps-lora_HIGH_fp16.safetensors",
      "Wan2.2-Lightning_I2V-A14B-4steps-lora_LOW_fp16.safetensors",
      "Wan2.2-Lightning_I2V-A14B-4steps-lora_fp16",
    ],
    ["wan 2.2/NSFW-22-H-e8.safetensors", "wan 2.2/NSFW-22-L-e8.safetensors", "NSFW-22-e8"],
    ["orbit_cam_HN.safetensors", "orbit_cam_LN.safetensors", "orbit_cam"],
    ["wan22_HighNoise_orbit.safetensors", "wan22_lownoise_orbit.safetensors", "wan22_orbit"],
    [
      "Wan22_A14B_T2V_HIGH_Lightning_4steps_lora_250928_rank128_fp16.safetensors",
      "Wan22_A14B_T2V_LOW_Lightning_4steps_lora_250928_rank128_fp16.safetensors",
      "Wan22_A14B_T2V_Lightning_4steps_lora_250928_rank128_fp16",
    ],
    [
      "lightx2v/Seko-V1/high_noise_model.safetensors",
      "lightx2v/Seko-V1/low_noise_model.safetensors",
      "lightx2v/Seko-V1/model",
    ],
    ["Seko-V2/high_noise.safetensors", "Seko-V2/low_noise.safetensors", "Seko-V2"],
    ["high_noise.safetensors", "low_noise.safetensors", "high_noise"],
  ])("GIVEN %s and %s THEN they form one pair named %s", (high, low, name) => {
    expect(summary(buildLoraEntries([low, high]))).toEqual([{ kind: "pair", name, high, low }]);
  });

  it("GIVEN halves in different folders THEN they stay a lone high and a lone low", () => {
    const entries = buildLoraEntries(["a/orbit_HN.safetensors", "b/orbit_LN.safetensors"]);
    expect(summary(entries)).toEqual([
      { kind: "high", name: "orbit_HN", high: "a/orbit_HN.safetensors", low: undefined },
      { kind: "low", name: "orbit_LN", high: undefined, low: "b/orbit_LN.safetensors" },
    ]);
  });

  it("GIVEN halves that spell the marker differently or differ elsewhere THEN they are not paired", () => {
    const entries = buildLoraEntries([
      "spin_HN.safetensors",
      "spin_L.safetensors",
      "zoom_v1_high_noise.safetensors",
      "zoom_v2_low_noise.safetensors",
    ]);
    expect(entries.map((entry) => entry.kind)).toEqual(["high", "low", "high", "low"]);
  });

  it("GIVEN a general LoRA THEN it is applied to both experts", () => {
    const [entry] = buildLoraEntries(["wan 2.2/detail_enhancer.safetensors"]);
    expect(entry).toMatchObject({
      kind: "general",
      name: "detail_enhancer",
      files: ["wan 2.2/detail_enhancer.safetensors"],
      high: "wan 2.2/detail_enhancer.safetensors",
      low: "wan 2.2/detail_enhancer.safetensors",
    });
  });

  it("GIVEN two highs that both match one low THEN only one is paired and nothing is lost", () => {
    const entries = buildLoraEntries(["fx_HIGH.safetensors", "fx_High.safetensors", "fx_low.safetensors"]);
    expect(entries.map((entry) => entry.kind).sort()).toEqual(["high", "pair"]);
    expect(entries.flatMap((entry) => entry.files).sort()).toEqual(
      ["fx_HIGH.safetensors", "fx_High.safetensors", "fx_low.safetensors"].sort(),
    );
  });
});

describe("buildLoraEntries names and keys", () => {
  const files = [
    "detail.safetensors",
    "wan 2.2/detail.safetensors",
    "old/detail.safetensors",
    "orbit_cam.safetensors",
    "orbit_cam_HN.safetensors",
    "orbit_cam_LN.safetensors",
    "tilt.pt",
    "tilt.safetensors",
    "tilt.safetensors",
  ];

  it("GIVEN names that clash THEN every entry gets a distinct (case-insensitive) name", () => {
    const names = buildLoraEntries(files).map((entry) => entry.name.toLowerCase());
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(["wan 2.2/detail", "old/detail", "tilt.pt"]));
  });

  it("GIVEN a pair and a general LoRA with the same name THEN the pair keeps the short name", () => {
    const entries = buildLoraEntries(files);
    expect(entries.find((entry) => entry.kind === "pair")?.name).toBe("orbit_cam");
    expect(entries.find((entry) => entry.files[0] === "orbit_cam.safetensors")?.name).toBe(
      "orbit_cam.safetensors",
    );
  });

  it("GIVEN the same list twice in another order THEN entries and keys are identical", () => {
    const again = buildLoraEntries([...files].reverse());
    expect(again).toEqual(buildLoraEntries(files));
  });

  it("GIVEN duplicate file names THEN each file appears in exactly one entry", () => {
    const all = buildLoraEntries(files).flatMap((entry) => entry.files);
    expect(all.sort()).toEqual([...new Set(files)].sort());
  });

  it("GIVEN entries THEN keys are short, unique and pairs come first", () => {
    const entries = buildLoraEntries(files);
    expect(entries[0]?.kind).toBe("pair");
    for (const entry of entries) expect(entry.key.length).toBeLessThanOrEqual(100);
    expect(new Set(entries.map((entry) => entry.key)).size).toBe(entries.length);
  });

  it("GIVEN a pair that loses its low half THEN its key changes (an old choice no longer maps to it)", () => {
    const pair = buildLoraEntries(["orbit_cam_HN.safetensors", "orbit_cam_LN.safetensors"])[0]!;
    const lone = buildLoraEntries(["orbit_cam_HN.safetensors"])[0]!;
    expect(lone.kind).toBe("high");
    expect(lone.key).not.toBe(pair.key);
  });
});
