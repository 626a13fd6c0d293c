import { describe, expect, it } from "vitest";

import { rejectionReason, scrub } from "../../src/comfy/rejection.js";

describe("rejection reasons", () => {
  it("GIVEN a message naming server paths and URLs THEN only file names remain", () => {
    expect(
      scrub(
        "File /srv/ComfyUI/custom_nodes/gguf/loader.py failed (see http://10.0.0.5:8188/x) C:\\models\\unet\\a.gguf",
      ),
    ).toBe("File loader.py failed (see <url>) a.gguf");
  });

  it("GIVEN a relative subfolder in a LoadImage name THEN it is kept", () => {
    expect(scrub("image - Invalid image file: oelala/in/x.png")).toBe(
      "image - Invalid image file: oelala/in/x.png",
    );
  });

  it("GIVEN many failing nodes THEN the reason lists four and counts the rest", () => {
    const nodeErrors = Object.fromEntries(
      ["1", "2", "10", "3", "4", "5"].map((id) => [
        id,
        {
          errors: [
            {
              type: "required_input_missing",
              message: "Required input is missing",
              details: "x",
              extra_info: { input_name: "x" },
            },
          ],
          dependent_outputs: [],
        },
      ]),
    );
    expect(
      rejectionReason({
        error: { type: "t", message: "m", details: "", extra_info: {} },
        node_errors: nodeErrors,
      }),
    ).toBe(
      "Node 1: x: Required input is missing; Node 2: x: Required input is missing; Node 3: x: Required input is missing; " +
        "Node 4: x: Required input is missing; and 2 more",
    );
  });
});
