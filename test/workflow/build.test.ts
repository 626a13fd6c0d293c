import { describe, expect, test } from "vitest";
import type { ObjectInfo } from "../../src/comfy/object-info.js";
import { COMPACT_NODE_ID, buildI2VPrompt, type BuildOptions } from "../../src/workflow/build.js";
import { danglingLinks } from "../../src/workflow/graph.js";
import { parseI2VParams, type I2VParams } from "../../src/workflow/params.js";
import { isLink, type ApiPrompt } from "../../src/comfy/prompt.js";
import {
  ASPECTS,
  RESOLUTION_TIERS,
  warperSize,
  type WarperAspectLabel,
} from "../../src/workflow/resolution.js";
import { loadI2VTemplate } from "../../src/workflow/template.js";
import { validatePrompt } from "../../src/workflow/validate.js";
import { SERVER_LORAS, serverInfo, settingsFrom } from "./helpers.js";

const settings = settingsFrom();
const info = serverInfo(settings);
const [LORA_HIGH = "", LORA_LOW = "", LORA_GENERAL = ""] = SERVER_LORAS;
/** The files in the server's input folder. */
const IMAGES = new Set(["oelala/fox.png", "input.png"]);

const LORAS: Record<string, I2VParams["lora"]> = {
  none: undefined,
  high: { high: LORA_HIGH, strength: 0.8 },
  low: { low: LORA_LOW, strength: 1.2 },
  both: { high: LORA_GENERAL, low: LORA_GENERAL, strength: 1 },
};
const VARIANTS = Object.entries(LORAS).flatMap(([loraCase, lora]) =>
  [true, false].flatMap((useWarper) =>
    [true, false].flatMap((useSageAttention) =>
      [undefined, { crf: 28 }].map((compact) => ({
        loraCase,
        lora,
        options: { useWarper, useSageAttention, compact },
      })),
    ),
  ),
);

function params(overrides: Record<string, unknown> = {}): I2VParams {
  return parseI2VParams(
    { image: "oelala/fox.png", prompt: "a red fox turns its head", ...overrides },
    settings.sampling,
  );
}

/** The class types from a sampler's model input back to the loader. */
function modelChain(prompt: ApiPrompt, fromNode: string): string[] {
  const chain: string[] = [];
  let link = prompt[fromNode]?.inputs["model"];
  while (isLink(link)) {
    const node = prompt[link[0]];
    chain.push(`${link[0]}:${node?.class_type}`);
    link = node?.inputs["model"];
  }
  return chain;
}

function expectAccepted(prompt: ApiPrompt, serverInfo: ObjectInfo, label: string): void {
  const result = validatePrompt(prompt, serverInfo, {
    strictLinks: true,
    fileExists: (name) => IMAGES.has(name),
  });
  expect(result.node_errors, label).toEqual({});
  expect(result.error, label).toBeUndefined();
  expect(result.ok, label).toBe(true);
  const outputs = (classType: string) => serverInfo[classType]?.output.length;
  expect(danglingLinks(prompt, outputs), label).toEqual([]);
}

describe("buildI2VPrompt", () => {
  const grid = ASPECTS.flatMap((aspect) =>
    RESOLUTION_TIERS.map((resolution) => [aspect, resolution] as const),
  );

  test.each(grid)(
    "GIVEN %s at %s with every LoRA/Warper/Sage/compact variant THEN the server accepts each",
    (aspect, resolution) => {
      let seed = 7;
      for (const { loraCase, lora, options } of VARIANTS) {
        seed = (seed * 48271) % 2147483647;
        const p = {
          ...params({ aspect, resolution, seed: seed * 4093, durationSeconds: 1 + (seed % 9) }),
          lora,
        };
        const label = `${aspect} ${resolution} lora=${loraCase} ${JSON.stringify(options)}`;
        const built = buildI2VPrompt(p, settings, options);
        const { prompt } = built;
        expectAccepted(prompt, info, label);

        expect(built.width % 16, label).toBe(0);
        expect(built.height % 16, label).toBe(0);
        const wan = prompt["12"]!.inputs;
        if (options.useWarper) {
          expect(wan["width"], label).toEqual(["19", 0]);
          expect(wan["height"], label).toEqual(["19", 1]);
          const warper = prompt["19"]!.inputs;
          const computed = warperSize(
            warper["aspect_ratio"] as WarperAspectLabel,
            warper["long_edge"] as number,
          );
          expect(computed, label).toEqual({ width: built.width, height: built.height });
        } else {
          expect(prompt["19"], label).toBeUndefined();
          expect([wan["width"], wan["height"]], label).toEqual([built.width, built.height]);
        }

        expect((built.frames - 1) % 4, label).toBe(0);
        expect(wan["length"], label).toBe(built.frames);
        expect(Math.abs(built.frames - p.durationSeconds * p.fps), label).toBeLessThanOrEqual(2);

        const high = prompt["13"]!.inputs;
        const low = prompt["14"]!.inputs;
        expect(Number.isSafeInteger(built.seed) && built.seed >= 0, label).toBe(true);
        expect([high["noise_seed"], low["noise_seed"]], label).toEqual([built.seed, built.seed]);
        expect(built.seed, label).toBe(p.seed);
        expect([high["steps"], low["steps"]], label).toEqual([p.steps, p.steps]);
        expect([high["end_at_step"], low["start_at_step"]], label).toEqual([p.splitStep, p.splitStep]);
        expect(p.splitStep, label).toBeLessThan(p.steps);

        const sage = options.useSageAttention ? ["7:PathchSageAttentionKJ"] : [];
        const sageLow = options.useSageAttention ? ["8:PathchSageAttentionKJ"] : [];
        const loraHigh = lora?.high ? ["17:LoraLoaderModelOnly"] : [];
        const loraLow = lora?.low ? ["18:LoraLoaderModelOnly"] : [];
        const loader = "UnetLoaderGGUFAdvancedDisTorch2MultiGPU";
        expect(modelChain(prompt, "13"), label).toEqual([
          ...sage,
          "5:ModelSamplingSD3",
          ...loraHigh,
          `1:${loader}`,
        ]);
        expect(modelChain(prompt, "14"), label).toEqual([
          ...sageLow,
          "6:ModelSamplingSD3",
          ...loraLow,
          `2:${loader}`,
        ]);
        if (lora?.high) expect(prompt["17"]!.inputs["lora_name"], label).toBe(lora.high);
        if (lora?.low) expect(prompt["18"]!.inputs["lora_name"], label).toBe(lora.low);

        if (options.compact) {
          expect(built.outputNodes, label).toEqual(["16", COMPACT_NODE_ID]);
          expect(prompt[COMPACT_NODE_ID]!.inputs, label).toMatchObject({
            images: ["15", 0],
            crf: options.compact.crf,
            filename_prefix: `${settings.sampling.outputPrefix}_compact`,
          });
        } else {
          expect(built.outputNodes, label).toEqual(["16"]);
          expect(prompt[COMPACT_NODE_ID], label).toBeUndefined();
        }
      }
    },
  );

  test("GIVEN the default job THEN the two passes follow the DisTorch2 hand-over of NODES.md §8", () => {
    const { prompt } = buildI2VPrompt(params(), settings, { useWarper: true, useSageAttention: true });
    expect(prompt["13"]!.inputs).toMatchObject({
      add_noise: "enable",
      start_at_step: 0,
      end_at_step: settings.sampling.splitStep,
      return_with_leftover_noise: "enable",
      latent_image: ["12", 2],
      sampler_name: settings.sampling.sampler,
      scheduler: settings.sampling.scheduler,
      cfg: settings.sampling.cfg,
    });
    expect(prompt["14"]!.inputs).toMatchObject({
      add_noise: "disable",
      start_at_step: settings.sampling.splitStep,
      end_at_step: 10000,
      return_with_leftover_noise: "disable",
      latent_image: ["13", 0],
    });
    expect([prompt["7"]!.inputs["sage_attention"], prompt["8"]!.inputs["sage_attention"]]).toEqual([
      "auto",
      "auto",
    ]);
  });

  test("GIVEN the configured models and devices THEN the four loaders carry them as NODES.md §8 does", () => {
    const custom = settingsFrom({
      DISTORCH_ALLOCATION: "cuda:0,6gb;cpu,*",
      COMPUTE_DEVICE: "cuda:0",
      TEXT_ENCODER_DEVICE: "cpu",
      VIRTUAL_VRAM_GB: "2",
    });
    const { prompt } = buildI2VPrompt(params(), custom, { useWarper: true, useSageAttention: true });
    for (const [id, unet] of [
      ["1", custom.models.unetHigh],
      ["2", custom.models.unetLow],
    ] as const) {
      expect(prompt[id]!.inputs).toMatchObject({
        unet_name: unet,
        compute_device: "cuda:0",
        donor_device: "cpu",
        expert_mode_allocations: "cuda:0,6gb;cpu,*",
        virtual_vram_gb: 2,
        eject_models: true,
      });
    }
    expect(prompt["3"]!.inputs).toEqual({
      vae_name: custom.models.vae,
      compute_device: "cuda:0",
      virtual_vram_gb: 0,
      donor_device: "cpu",
      expert_mode_allocations: "",
      eject_models: false,
    });
    expect(prompt["4"]!.inputs).toEqual({
      clip_name: custom.models.textEncoder,
      type: "wan",
      device: "cpu",
      virtual_vram_gb: 0,
      donor_device: "cpu",
      expert_mode_allocations: "",
      eject_models: false,
    });
    expect(prompt["5"]!.inputs["shift"]).toBe(custom.sampling.shift);
  });

  test("GIVEN the user's text, image and frame rate THEN they reach the nodes the map names", () => {
    const p = params({ prompt: "waves crash", negative: "ugly", fps: 24, durationSeconds: 2, cfg: 2.5 });
    const { prompt, frames } = buildI2VPrompt(p, settings, { useWarper: false, useSageAttention: false });
    expect(prompt["9"]!.inputs["text"]).toBe("waves crash");
    expect(prompt["10"]!.inputs["text"]).toBe("ugly");
    expect(prompt["11"]!.inputs["image"]).toBe("oelala/fox.png");
    expect(prompt["16"]!.inputs).toMatchObject({ frame_rate: 24, crf: settings.sampling.crf });
    expect(frames).toBe(49);
    expect([prompt["13"]!.inputs["cfg"], prompt["14"]!.inputs["cfg"]]).toEqual([2.5, 2.5]);
  });

  test("GIVEN two builds THEN the second does not see the first's values and the template is untouched", () => {
    const before = structuredClone(loadI2VTemplate().prompt);
    const first = buildI2VPrompt({ ...params({ prompt: "first" }), lora: LORAS["high"] }, settings, {
      useWarper: false,
      useSageAttention: false,
      compact: { crf: 30 },
    });
    const second = buildI2VPrompt(params({ prompt: "second" }), settings, {
      useWarper: true,
      useSageAttention: true,
    });
    expect(first.prompt["9"]!.inputs["text"]).toBe("first");
    expect(second.prompt["9"]!.inputs["text"]).toBe("second");
    expect(second.prompt["19"]).toBeDefined();
    expect(loadI2VTemplate().prompt).toEqual(before);
  });

  test("GIVEN no LoRA THEN nodes 17 and 18 are gone and nothing links to them", () => {
    const { prompt } = buildI2VPrompt(params(), settings, { useWarper: true, useSageAttention: true });
    expect(Object.keys(prompt).sort((a, b) => Number(a) - Number(b))).toEqual(
      Array.from({ length: 16 }, (_, i) => String(i + 1)).concat("19"),
    );
    const links = Object.values(prompt).flatMap((n) => Object.values(n.inputs).filter(isLink));
    expect(links.filter(([source]) => source === "17" || source === "18")).toEqual([]);
    expectAccepted(prompt, info, "no LoRA");
  });

  test("GIVEN a server without the Warper or KJNodes THEN the planned build still passes its validation", () => {
    const bare = serverInfo(settings);
    delete bare["AspectRatioResolution_Warper"];
    delete bare["PathchSageAttentionKJ"];
    const options: BuildOptions = { useWarper: false, useSageAttention: false };
    const { prompt } = buildI2VPrompt(params({ aspect: "9:16", resolution: "720p" }), settings, options);
    expectAccepted(prompt, bare, "bare server");
    expect(Object.values(prompt).map((n) => n.class_type)).not.toContain("PathchSageAttentionKJ");
  });

  test("GIVEN the template's own values THEN the recorded object_info accepts it unchanged", () => {
    expectAccepted(structuredClone(loadI2VTemplate().prompt), serverInfo(), "template");
  });
});
