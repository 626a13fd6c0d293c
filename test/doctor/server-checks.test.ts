import { describe, expect, test } from "vitest";
import type { CheckLine } from "../../src/doctor/check.js";
import { checkKnownProblems } from "../../src/doctor/known-bad.js";
import { checkModels } from "../../src/doctor/models.js";
import { checkNodeClasses } from "../../src/doctor/nodes.js";
import { checkOptions } from "../../src/doctor/options.js";
import { checkSageAttention } from "../../src/doctor/sage.js";
import { checkServer } from "../../src/doctor/server.js";
import { checkVersion } from "../../src/doctor/version.js";
import { catalogue, settingsFrom, stats } from "./support.js";

const failures = (lines: CheckLine[]) => lines.filter((l) => l.ok === false);

describe("checkServer", () => {
  test("GIVEN a complete two-GPU server and matching settings THEN every line is ✓", () => {
    const lines = checkServer({ stats: stats(), info: catalogue(), listings: {} }, settingsFrom());
    expect(lines.filter((l) => l.ok !== true)).toEqual([]);
    expect(lines.map((l) => l.label).join("\n")).toMatch(/reachable[\s\S]*ComfyUI 0\.3\.64[\s\S]*devices/);
  });
});

describe("checkNodeClasses", () => {
  test("GIVEN no VideoHelperSuite THEN one ✗ names VHS_VideoCombine and the pack to install", () => {
    const lines = checkNodeClasses(catalogue({ dropClasses: ["VHS_VideoCombine"] }));
    expect(lines).toEqual([
      {
        ok: false,
        label: "node class VHS_VideoCombine missing",
        fix: expect.stringContaining(
          "install ComfyUI-VideoHelperSuite (Kosinkadink/ComfyUI-VideoHelperSuite)",
        ),
      },
    ]);
  });

  test("GIVEN MultiGPU without ComfyUI-GGUF THEN the fix is ComfyUI-GGUF, not MultiGPU", () => {
    const [line, ...rest] = checkNodeClasses(
      catalogue({ dropClasses: ["UnetLoaderGGUFAdvancedDisTorch2MultiGPU"] }),
    );
    expect(rest).toEqual([]);
    expect(line?.ok).toBe(false);
    expect(line?.fix).toMatch(/^install ComfyUI-GGUF/);
  });

  test("GIVEN no MultiGPU at all THEN its three loaders are grouped on one line per fix", () => {
    const info = catalogue({
      dropClasses: [
        "UnetLoaderGGUFAdvancedDisTorch2MultiGPU",
        "VAELoaderDisTorch2MultiGPU",
        "CLIPLoaderDisTorch2MultiGPU",
      ],
    });
    const lines = checkNodeClasses(info);
    expect(lines.map((l) => l.label)).toEqual([
      "node class UnetLoaderGGUFAdvancedDisTorch2MultiGPU missing",
      "node classes VAELoaderDisTorch2MultiGPU and CLIPLoaderDisTorch2MultiGPU missing",
    ]);
    expect(lines.every((l) => l.fix?.includes("ComfyUI-MultiGPU"))).toBe(true);
  });

  test("GIVEN a VideoHelperSuite without Load Video THEN a warning says too-big videos cannot be made smaller, with the fix", () => {
    const lines = checkNodeClasses(catalogue({ dropClasses: ["VHS_LoadVideo"] }));
    expect(lines[0]?.ok).toBe(true);
    expect(lines[1]).toEqual({
      ok: "warn",
      label: expect.stringContaining("VHS_LoadVideo missing"),
      fix: expect.stringMatching(/update ComfyUI-VideoHelperSuite.*PUBLIC_BASE_URL/),
    });
  });

  test("GIVEN no WarperNodes THEN it still passes, saying the bot sizes the video itself", () => {
    const lines = checkNodeClasses(catalogue({ dropClasses: ["AspectRatioResolution_Warper"] }));
    expect(lines).toHaveLength(1);
    expect(lines[0]?.ok).toBe(true);
    expect(lines[0]?.label).toContain("writes the video size itself");
  });
});

describe("checkModels", () => {
  test("GIVEN the owner's default T5 file absent THEN its line is ✗ with the folder and what the server has", () => {
    const lines = checkModels(
      catalogue(),
      settingsFrom({ TEXT_ENCODER: "umt5-xxl-enc-bf16-uncensored-CONVERTED.safetensors" }),
    );
    expect(lines.map((l) => l.ok)).toEqual([true, true, true, false]);
    expect(lines[3]?.label).toBe(
      "model TEXT_ENCODER=umt5-xxl-enc-bf16-uncensored-CONVERTED.safetensors missing",
    );
    expect(lines[3]?.fix).toContain("ComfyUI/models/text_encoders");
    expect(lines[3]?.fix).toContain("umt5_xxl_fp8_e4m3fn_scaled.safetensors");
  });

  test("GIVEN the VAE loader class missing THEN the vae folder listing decides", () => {
    const info = catalogue({ dropClasses: ["VAELoaderDisTorch2MultiGPU"] });
    const settings = settingsFrom();
    expect(checkModels(info, settings, { vae: ["wan_2.1_vae.safetensors"] })[2]?.ok).toBe(true);
    expect(checkModels(info, settings, { vae: ["other.safetensors"] })[2]?.ok).toBe(false);
    expect(checkModels(info, settings, {})[2]?.ok).toBe("warn");
  });
});

describe("checkOptions", () => {
  test("GIVEN a sampler the server lacks THEN ✗ lists the server's samplers", () => {
    const lines = checkOptions(catalogue(), settingsFrom({ SAMPLER: "euler_turbo" }));
    const [bad] = failures(lines);
    expect(bad?.label).toBe("SAMPLER=euler_turbo is not an option of this server");
    expect(bad?.fix).toMatch(/^set SAMPLER to one of: .*\beuler\b/);
    expect(lines[0]).toEqual({
      ok: true,
      label: "settings accepted: SCHEDULER=simple and TEXT_ENCODER_TYPE=wan",
    });
  });
});

describe("checkVersion", () => {
  test.each([
    ["0.3.64", true],
    ["0.3.45", true],
    ["v0.12.0", true],
    ["0.3.44", "warn"],
    ["0.2.7", "warn"],
  ] as const)("GIVEN ComfyUI %s THEN the version line is %s", (version, ok) => {
    expect(checkVersion(stats({ version })).ok).toBe(ok);
  });

  test("GIVEN an old server THEN the warning says what is lost and to update", () => {
    const line = checkVersion(stats({ version: "0.3.40" }));
    expect(line.label).toBe("ComfyUI 0.3.40 is older than 0.3.45");
    expect(line.fix).toMatch(/update ComfyUI to 0\.3\.45.*prompt_id.*progress_state/);
  });

  test("GIVEN no version in /system_stats THEN it warns", () => {
    expect(checkVersion(stats({ version: null })).ok).toBe("warn");
  });
});

describe("checkKnownProblems", () => {
  test("GIVEN the owner's 2.2 VAE on a server without the 2.1 VAE THEN it is a ✗ whose fix names the 2.1 VAE", () => {
    const info = catalogue({ models: { vae: ["wan_2.2_vae.safetensors"] } });
    const lines = checkKnownProblems(info, settingsFrom({ VAE_NAME: "wan_2.2_vae.safetensors" }));
    expect(lines).toHaveLength(1);
    expect(lines[0]?.ok).toBe(false);
    expect(lines[0]?.label).toMatch(/^VAE_NAME=wan_2\.2_vae\.safetensors is the 48-channel VAE/);
    expect(lines[0]?.fix).toBe("set VAE_NAME=wan_2.1_vae.safetensors after putting it in ComfyUI/models/vae");
  });

  test("GIVEN Kijai's T5 file and a virtual VRAM with an allocation THEN both are warnings with a fix", () => {
    const settings = settingsFrom({ TEXT_ENCODER: "umt5-xxl-enc-bf16.safetensors", VIRTUAL_VRAM_GB: "4" });
    const lines = checkKnownProblems(catalogue(), settings);
    expect(lines.map((l) => l.ok)).toEqual(["warn", "warn"]);
    expect(lines[0]?.fix).toMatch(/set TEXT_ENCODER to umt5_xxl_fp8_e4m3fn_scaled\.safetensors/);
    expect(lines[1]?.fix).toBe("0 is the usual value");
  });
});

describe("checkSageAttention", () => {
  test("GIVEN the patch node and SAGE_ATTENTION=auto THEN ✓ and the line says the pip package must be on the server", () => {
    const line = checkSageAttention(catalogue(), stats(), "auto");
    expect(line.ok).toBe(true);
    expect(line.label).toContain("sageattention pip package must be installed on the server");
  });

  test("GIVEN ComfyUI started with --use-sage-attention THEN the package is known to be there", () => {
    const line = checkSageAttention(
      catalogue(),
      stats({ argv: ["main.py", "--use-sage-attention"] }),
      "auto",
    );
    expect(line).toEqual({
      ok: true,
      label: expect.stringContaining("the sageattention package is installed"),
    });
  });

  test("GIVEN a mode the node does not offer THEN ✗ lists the modes", () => {
    const line = checkSageAttention(catalogue(), stats(), "sageattn2");
    expect(line.ok).toBe(false);
    expect(line.fix).toMatch(/^set SAGE_ATTENTION to one of: disabled, auto, /);
  });

  test("GIVEN no KJNodes THEN it warns that videos render slower and names the pack", () => {
    const line = checkSageAttention(catalogue({ dropClasses: ["PathchSageAttentionKJ"] }), stats(), "auto");
    expect(line.ok).toBe("warn");
    expect(line.fix).toContain("install ComfyUI-KJNodes");
  });

  test("GIVEN SAGE_ATTENTION=disabled THEN nothing about the node matters", () => {
    const line = checkSageAttention(
      catalogue({ dropClasses: ["PathchSageAttentionKJ"] }),
      stats(),
      "disabled",
    );
    expect(line.ok).toBe(true);
  });
});
