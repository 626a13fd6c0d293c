import { describe, expect, test } from "vitest";
import { inputSpec } from "../../src/comfy/object-info.js";
import { danglingLinks } from "../../src/workflow/graph.js";
import { i2vMapSchema, loadI2VTemplate, missingMapPaths } from "../../src/workflow/template.js";
import { fixtureInfo } from "./helpers.js";

const NODE_TABLE: Record<string, string> = {
  "1": "UnetLoaderGGUFAdvancedDisTorch2MultiGPU",
  "2": "UnetLoaderGGUFAdvancedDisTorch2MultiGPU",
  "3": "VAELoaderDisTorch2MultiGPU",
  "4": "CLIPLoaderDisTorch2MultiGPU",
  "5": "ModelSamplingSD3",
  "6": "ModelSamplingSD3",
  "7": "PathchSageAttentionKJ",
  "8": "PathchSageAttentionKJ",
  "9": "CLIPTextEncode",
  "10": "CLIPTextEncode",
  "11": "LoadImage",
  "12": "WanImageToVideo",
  "13": "KSamplerAdvanced",
  "14": "KSamplerAdvanced",
  "15": "VAEDecode",
  "16": "VHS_VideoCombine",
  "17": "LoraLoaderModelOnly",
  "18": "LoraLoaderModelOnly",
  "19": "AspectRatioResolution_Warper",
};

describe("the DisTorch2 I2V template", () => {
  const { prompt, map } = loadI2VTemplate();
  const info = fixtureInfo();

  test("GIVEN the template THEN it holds the owner's 19 nodes with the node table's classes and titles", () => {
    expect(Object.fromEntries(Object.entries(prompt).map(([id, node]) => [id, node.class_type]))).toEqual(
      NODE_TABLE,
    );
    for (const node of Object.values(prompt)) expect(node._meta?.title).toMatch(/\S/);
  });

  test("GIVEN the input map THEN every mapped path exists in the template", () => {
    const paths = Object.values(map.inputs).flat();
    expect(paths.length).toBeGreaterThan(30);
    expect(missingMapPaths(prompt, map)).toEqual([]);
  });

  test("GIVEN the input map THEN its output node is a VHS_VideoCombine, an output node on the server", () => {
    const output = prompt[map.outputNode];
    expect(output?.class_type).toBe("VHS_VideoCombine");
    expect(info[output?.class_type ?? ""]?.output_node).toBe(true);
  });

  test("GIVEN a map naming an input the template lacks THEN the check reports it", () => {
    const broken = i2vMapSchema.parse({
      outputNode: "16",
      inputs: {
        ...rawInputs(),
        prompt: "9.inputs.txt",
        seed: ["13.inputs.noise_seed", "21.inputs.noise_seed"],
      },
    });
    expect(missingMapPaths(prompt, broken)).toEqual(["9.inputs.txt", "21.inputs.noise_seed"]);
  });

  test("GIVEN a map with a misspelt name or a malformed path THEN loading it fails", () => {
    expect(
      i2vMapSchema.safeParse({ outputNode: "16", inputs: { ...rawInputs(), promt: "9.inputs.text" } })
        .success,
    ).toBe(false);
    expect(
      i2vMapSchema.safeParse({ outputNode: "16", inputs: { ...rawInputs(), prompt: "9.text" } }).success,
    ).toBe(false);
  });

  test("GIVEN every BOOLEAN input the server declares THEN the template sends a JSON boolean", () => {
    let checked = 0;
    for (const node of Object.values(prompt)) {
      const nodeInfo = info[node.class_type];
      if (!nodeInfo) throw new Error(`${node.class_type} is not in object_info`);
      for (const [name, value] of Object.entries(node.inputs)) {
        if (inputSpec(nodeInfo, name)?.[0] !== "BOOLEAN") continue;
        expect(typeof value, `${node.class_type}.${name}`).toBe("boolean");
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(10);
  });

  test("GIVEN the template THEN no link dangles, even counting each class's outputs", () => {
    const outputs = (classType: string) => info[classType]?.output.length;
    expect(danglingLinks(prompt, outputs)).toEqual([]);
  });
});

/** The map's inputs in file form (paths as strings), rebuilt from the parsed map. */
function rawInputs(): Record<string, string[]> {
  const { map } = loadI2VTemplate();
  return Object.fromEntries(
    Object.entries(map.inputs).map(([name, paths]) => [
      name,
      paths.map((p) => `${p.nodeId}.inputs.${p.input}`),
    ]),
  );
}
