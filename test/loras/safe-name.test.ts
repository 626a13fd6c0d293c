import { describe, expect, it } from "vitest";
// The gate itself is the catalog: it offers and resolves only listed, safe names (catalog.test.ts).
import { isSafeLoraName, unsafeLoraReason } from "../../src/loras/safe-name.js";

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
