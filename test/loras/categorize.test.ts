import { describe, expect, it } from "vitest";
import { categorizeLora, categorizeLoras, type LoraCategory } from "../../src/loras/categorize.js";

const table: [string, LoraCategory][] = [
  // Compound markers, anywhere
  ["wan2.2_i2v_lightx2v_4steps_lora_v1_high_noise.safetensors", "high_noise"],
  ["wan2.2_i2v_lightx2v_4steps_lora_v1_low_noise.safetensors", "low_noise"],
  ["Wan2.2-Fun-A14B-InP-high-noise-MPS.safetensors", "high_noise"],
  ["Wan2.2-Fun-A14B-InP-low-noise-HPS2.1.safetensors", "low_noise"],
  ["wan22_HighNoise_orbit.safetensors", "high_noise"],
  ["wan 2.2/walk cycle lownoise v2.safetensors", "low_noise"],
  ["high_noise/orbit.safetensors", "high_noise"],
  ["wan 2.2/low noise/orbit.safetensors", "low_noise"],
  // Trailing markers (tail tokens such as fp16, e8, v1, lora, 4steps are skipped)
  ["Wan2.2-Lightning_I2V-A14B-4steps-lora_HIGH_fp16.safetensors", "high_noise"],
  ["Wan2.2-Lightning_I2V-A14B-4steps-lora_LOW_fp16.safetensors", "low_noise"],
  ["wan 2.2/NSFW-22-H-e8.safetensors", "high_noise"],
  ["wan 2.2/NSFW-22-L-e8.safetensors", "low_noise"],
  ["orbit_cam_HN.safetensors", "high_noise"],
  ["orbit_cam_LN.safetensors", "low_noise"],
  ["dolly zoom high.safetensors", "high_noise"],
  ["dolly.zoom.low.v1.1.safetensors", "low_noise"],
  ["bounce_h_000004000.safetensors", "high_noise"],
  ["bounce_l_lora_rank64_bf16.safetensors", "low_noise"],
  ["wan\\twirl_H.safetensors", "high_noise"],
  // High/low right after a Wan model token
  ["Wan22_A14B_HIGH_Lightning_4steps.safetensors", "high_noise"],
  ["Wan22_A14B_T2V_HIGH_Lightning_4steps_lora_250928_rank128_fp16.safetensors", "high_noise"],
  ["Wan22_A14B_T2V_LOW_Lightning_4steps_lora_250928_rank128_fp16.safetensors", "low_noise"],
  ["Wan22-14B-low-smooth-motion.pt", "low_noise"],
  ["Wan2.2-I2V-A14B-4steps-lora-rank64-Seko-V1/high_noise_model.safetensors", "high_noise"],
  // Look-alikes that are general
  ["highres_fix.safetensors", "general"],
  ["highlight_glow.safetensors", "general"],
  ["lowkey_lighting.safetensors", "general"],
  ["below_view_cam.safetensors", "general"],
  ["low_angle_shot.safetensors", "general"],
  ["high_quality_skin.safetensors", "general"],
  ["hnoise_test.safetensors", "general"],
  ["shallow_depth.safetensors", "general"],
  ["wan2.2_i2v_A14B_detail_enhancer.safetensors", "general"],
  ["lightx2v_I2V_14B_480p_cfg_step_distill_rank64_bf16.safetensors", "general"],
  ["h_and_m_fashion.safetensors", "general"],
  ["walking_l_shape_path.safetensors", "general"],
  ["style/H/ink.safetensors", "general"],
  ["constructor_toString___proto__.safetensors", "general"],
  // A marker for each expert: cannot tell, so general
  ["high_noise_to_low_noise_merge.safetensors", "general"],
  ["wan 2.2/high_noise_blend_L.safetensors", "general"],
];

describe("categorizeLora", () => {
  it.each(table)("GIVEN %s THEN it is %s", (file, category) => {
    expect(categorizeLora(file)).toBe(category);
  });

  it("GIVEN the same name in another letter case THEN the category does not change", () => {
    for (const [file, category] of table) {
      expect(categorizeLora(file.toUpperCase())).toBe(category);
      expect(categorizeLora(file.toLowerCase())).toBe(category);
    }
  });
});

describe("categorizeLoras", () => {
  it("GIVEN a mixed list THEN it answers in the backend's /loras shape, keeping the list order", () => {
    const files = ["b_high_noise.safetensors", "detail.safetensors", "a_low_noise.safetensors", "a_HN.pt"];
    expect(categorizeLoras(files)).toEqual({
      loras: files,
      high_noise: ["b_high_noise.safetensors", "a_HN.pt"],
      low_noise: ["a_low_noise.safetensors"],
      general: ["detail.safetensors"],
    });
  });
});
