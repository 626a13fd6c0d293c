import { describe, expect, it } from "vitest";
import { isUserError } from "../../src/errors.js";
import {
  assertListedLoraName,
  isSafeLoraName,
  LoraNotAvailableError,
  unsafeLoraReason,
} from "../../src/loras/safe-name.js";

describe("unsafeLoraReason", () => {
  it.each([
    "orbit_cam_HN.safetensors",
    "wan 2.2/NSFW-22-H-e8.safetensors",
    "wan 2.2\\windows listed.safetensors",
    "a..b.v1.2.safetensors",
    "UPPER.SAFETENSORS",
    "old.ckpt",
    "x.pt",
    "adapter.bin",
    "quant.gguf",
    "風景/ünïcødé.safetensors",
  ])("GIVEN %j THEN it is accepted", (name) => {
    expect(unsafeLoraReason(name)).toBeUndefined();
    expect(isSafeLoraName(name)).toBe(true);
  });

  it.each([
    ["", "empty"],
    ["/etc/loras/x.safetensors", "absolute-path"],
    ["\\\\host\\share\\x.safetensors", "absolute-path"],
    ["C:\\loras\\x.safetensors", "absolute-path"],
    ["c:x.safetensors", "absolute-path"],
    ["../x.safetensors", "parent-segment"],
    ["wan 2.2/../../models/x.safetensors", "parent-segment"],
    ["wan 2.2\\..\\..\\x.safetensors", "parent-segment"],
    ["a/..", "parent-segment"],
    ["a/./x.safetensors", "empty-segment"],
    ["a//x.safetensors", "empty-segment"],
    ["x.safetensors/", "empty-segment"],
    ["nul\u0000.safetensors", "control-character"],
    ["tab\t.safetensors", "control-character"],
    ["line\nbreak.safetensors", "control-character"],
    ["del\u007f.safetensors", "control-character"],
    ["evil\u202egnp.safetensors", "control-character"],
    ["notes.txt", "not-a-model-file"],
    ["x.safetensors.exe", "not-a-model-file"],
    ["noextension", "not-a-model-file"],
    [".safetensors", "not-a-model-file"],
    ["wan 2.2/.pt", "not-a-model-file"],
  ])("GIVEN %j THEN it is refused (%s)", (name, reason) => {
    expect(unsafeLoraReason(name)).toBe(reason);
    expect(isSafeLoraName(name)).toBe(false);
  });
});

describe("assertListedLoraName", () => {
  const listed = new Set(["orbit_cam_HN.safetensors", "../escape.safetensors", "wan 2.2/ok.pt"]);

  it("GIVEN a listed, safe name THEN it is returned unchanged", () => {
    expect(assertListedLoraName("wan 2.2/ok.pt", listed)).toBe("wan 2.2/ok.pt");
  });

  it("GIVEN a name the server did not list THEN a user error is thrown that does not echo it", () => {
    const typed = "<@everyone> orbit_cam_hn.safetensors";
    const error = (() => {
      try {
        assertListedLoraName(typed, listed);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(LoraNotAvailableError);
    expect(isUserError(error)).toBe(true);
    expect(error).toMatchObject({ code: "LORA_NOT_AVAILABLE", reason: "not-listed" });
    expect((error as Error).message).not.toContain("everyone");
  });

  it("GIVEN a catalog as the list THEN its isListed answer is used", () => {
    const catalogLike = { has: (name: string) => name === "wan 2.2/ok.pt" };
    expect(assertListedLoraName("wan 2.2/ok.pt", catalogLike)).toBe("wan 2.2/ok.pt");
    expect(() => assertListedLoraName("other.pt", catalogLike)).toThrow(LoraNotAvailableError);
  });

  it("GIVEN a path trick the server did list THEN it is still refused", () => {
    expect(() => assertListedLoraName("../escape.safetensors", listed)).toThrow(
      expect.objectContaining({ reason: "parent-segment" }),
    );
  });
});
