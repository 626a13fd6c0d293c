/** The emulator's encode sizes: what a re-encode of a loaded video weighs, from the requested CRF and size. */
import { describe, expect, it } from "vitest";
import { padMp4, tinyMp4 } from "../fakes/comfy/outputs.js";
import { describeEncoding, readEncoding, reencodedSize } from "../fakes/comfy/video-model.js";
import { buildShrinkPrompt } from "../../src/workflow/shrink-prompt.js";

const MiB = 1024 * 1024;
const source = padMp4(tinyMp4, 12 * MiB, describeEncoding({ crf: 19, width: 832, height: 480 }));

const sizeFor = (settings: { crf: number; width: number; height: number }) => {
  const prompt = buildShrinkPrompt({
    video: "in.mp4",
    fps: 16,
    settings,
    prefix: "p",
    source: { width: 832, height: 480 },
  });
  return reencodedSize(prompt, "2", () => source)!;
};

describe("emulated re-encode sizes", () => {
  it("GIVEN a 12 MiB file written at CRF 19 THEN +6 CRF halves it, half the pixels halve it again, and the result says what it holds", () => {
    expect(readEncoding(source)).toEqual({ crf: 19, width: 832, height: 480 });
    expect(sizeFor({ crf: 19, width: 832, height: 480 }).bytes).toBe(12 * MiB);
    expect(sizeFor({ crf: 25, width: 832, height: 480 }).bytes).toBe(6 * MiB);
    const smaller = sizeFor({ crf: 25, width: 416, height: 480 });
    expect(smaller.bytes).toBe(3 * MiB);
    expect(smaller.meta).toEqual({ crf: 25, width: 416, height: 480 });
  });

  it("GIVEN frames that do not come from VHS_LoadVideo THEN the model stays out of it", () => {
    const prompt = { "2": { class_type: "VHS_VideoCombine", inputs: { images: ["15", 0], crf: 30 } } };
    expect(reencodedSize(prompt, "2", () => source)).toBeUndefined();
  });
});
