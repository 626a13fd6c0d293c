import { describe, expect, test } from "vitest";
import { bypassNode, danglingLinks, replaceNode } from "../../src/workflow/graph.js";
import type { ApiPrompt } from "../../src/comfy/prompt.js";

function chain(): ApiPrompt {
  return {
    "1": { class_type: "Loader", inputs: { name: "a" } },
    "2": { class_type: "Patch", inputs: { model: ["1", 0] } },
    "3": { class_type: "Size", inputs: {} },
    "4": { class_type: "Use", inputs: { model: ["2", 0], width: ["3", 0], height: ["3", 1] } },
  };
}

describe("graph helpers", () => {
  test("GIVEN a link in an undeclared extra input to a missing node THEN it is reported", () => {
    const prompt = chain();
    prompt["4"]!.inputs["forwarded_extra"] = ["99", 0];
    expect(danglingLinks(prompt)).toEqual([{ nodeId: "4", input: "forwarded_extra", link: ["99", 0] }]);
  });

  test("GIVEN a link past the source's outputs THEN it is reported when output counts are known", () => {
    const prompt = chain();
    prompt["4"]!.inputs["height"] = ["3", 2];
    expect(danglingLinks(prompt)).toEqual([]);
    expect(danglingLinks(prompt, (c) => (c === "Size" ? 2 : 1))).toEqual([
      { nodeId: "4", input: "height", link: ["3", 2] },
    ]);
  });

  test("GIVEN a pass-through node bypassed THEN its reader is wired to what fed it", () => {
    const prompt = chain();
    bypassNode(prompt, "2", "model");
    expect(prompt["2"]).toBeUndefined();
    expect(prompt["4"]!.inputs["model"]).toEqual(["1", 0]);
    expect(danglingLinks(prompt)).toEqual([]);
  });

  test("GIVEN a node replaced by literals THEN each output's readers get the matching literal", () => {
    const prompt = chain();
    replaceNode(prompt, "3", [832, 480]);
    expect(prompt["4"]!.inputs).toMatchObject({ width: 832, height: 480 });
    expect(danglingLinks(prompt)).toEqual([]);
  });

  test("GIVEN a node without the named linked input THEN bypassing it refuses", () => {
    expect(() => bypassNode(chain(), "1", "model")).toThrow(/model/);
  });
});
