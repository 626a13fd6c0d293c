/** The second pass that writes a finished video again smaller, checked against the real node specs. */
import { describe, expect, it } from "vitest";
import { shrinkSettings } from "../../src/media/shrink-size.js";
import { offlineObjectInfo } from "../../src/workflow/offline-specs.js";
import { buildShrinkPrompt } from "../../src/workflow/shrink-prompt.js";
import { validatePrompt } from "../../src/workflow/validate.js";
import { fixtureObjectInfo } from "../fakes/comfy/object-info.js";
import { settingsFrom } from "./helpers.js";

const MiB = 1024 * 1024;
const uploaded = "oelala-job.mp4";

const variants = [
  { label: "higher CRF only", settings: { crf: 34, width: 832, height: 480 } },
  { label: "higher CRF and a smaller frame", settings: { crf: 40, width: 416, height: 240 } },
];

describe("buildShrinkPrompt", () => {
  it.each(variants)(
    "GIVEN $label THEN the bundled real node specs and the recorded server's accept it, and an unknown file is refused as ComfyUI does",
    ({ settings }) => {
      const prompt = buildShrinkPrompt({
        video: uploaded,
        fps: 16,
        settings,
        prefix: "oelala-bot/job_smaller",
        source: { width: 832, height: 480 },
      });
      for (const info of [offlineObjectInfo(settingsFrom()), fixtureObjectInfo()]) {
        const ok = validatePrompt(prompt, info, { strictLinks: true, fileExists: (n) => n === uploaded });
        expect(ok.node_errors).toEqual({});
        expect(ok.ok).toBe(true);
      }
      const resized = settings.width !== 832;
      expect(prompt["1"]!.inputs["force_size"]).toBe(resized ? "Custom" : "Disabled");
      const missing = validatePrompt(prompt, offlineObjectInfo(settingsFrom()), {
        strictLinks: true,
        fileExists: () => false,
      });
      expect(missing.ok).toBe(false);
      expect(JSON.stringify(missing.node_errors)).toContain(`Invalid video file: ${uploaded}`);
    },
  );

  it("GIVEN a frame wider than VideoHelperSuite allows (DIMMAX 8192) THEN the specs refuse it", () => {
    const prompt = buildShrinkPrompt({
      video: uploaded,
      fps: 16,
      settings: { crf: 40, width: 9000, height: 240 },
      prefix: "p",
      source: { width: 832, height: 480 },
    });
    expect(validatePrompt(prompt, offlineObjectInfo(settingsFrom()), { fileExists: () => true }).ok).toBe(
      false,
    );
  });
});

describe("shrinkSettings", () => {
  it("GIVEN an 11 MiB compact encode at CRF 31 and a 10 MiB limit THEN the CRF goes up just enough by the 6-steps-halve rule, frame kept", () => {
    const s = shrinkSettings({ size: 11 * MiB, crf: 31, width: 832, height: 480 }, 10 * MiB)!;
    expect(s).toEqual({ crf: 34, width: 832, height: 480 });
    expect(11 * MiB * 2 ** (-(s.crf - 31) / 6)).toBeLessThan(10 * MiB * 0.85);
  });

  it("GIVEN a file far over the limit THEN the CRF stops at 40 and the frame shrinks in steps of 8, keeping the aspect", () => {
    const s = shrinkSettings({ size: 200 * MiB, crf: 31, width: 1280, height: 720 }, 8 * MiB)!;
    expect(s.crf).toBe(40);
    expect(s.width % 8).toBe(0);
    expect(s.height % 8).toBe(0);
    expect(Math.abs(s.width / s.height - 16 / 9)).toBeLessThan(0.05);
    const predicted = 200 * MiB * 2 ** (-(40 - 31) / 6) * ((s.width * s.height) / (1280 * 720));
    expect(predicted).toBeLessThan(8 * MiB * 0.85);
    expect(s.width).toBeLessThan(1280);
  });

  it("GIVEN a limit no sensible frame can meet THEN there is no setting", () => {
    expect(shrinkSettings({ size: 500 * MiB, crf: 19, width: 832, height: 480 }, 64 * 1024)).toBeUndefined();
  });
});
