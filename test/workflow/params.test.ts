import { describe, expect, test } from "vitest";
import { UserError } from "../../src/errors.js";
import { I2V_LIMITS, parseI2VParams, randomSeed } from "../../src/workflow/params.js";
import { settingsFrom } from "./helpers.js";

const sampling = settingsFrom().sampling;
const minimal = { image: "oelala/fox.png", prompt: "a red fox turns its head" };

function problemWith(input: unknown, s = sampling): UserError {
  try {
    parseI2VParams(input, s);
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error("expected the options to be refused");
}

describe("parseI2VParams", () => {
  test("GIVEN only an image and a prompt THEN every other value comes from the configuration", () => {
    const params = parseI2VParams(minimal, sampling, { random: () => 0.5 });
    expect(params).toEqual({
      image: "oelala/fox.png",
      prompt: "a red fox turns its head",
      negative: sampling.negativePrompt,
      durationSeconds: sampling.defaultDurationSeconds,
      aspect: "16:9",
      resolution: "480p",
      fps: sampling.fps,
      steps: sampling.steps,
      cfg: sampling.cfg,
      splitStep: sampling.splitStep,
      seed: 2 ** 52,
    });
  });

  test("GIVEN options from Discord with nulls for the ones left out THEN those take the defaults", () => {
    const params = parseI2VParams(
      { ...minimal, steps: null, cfg: null, seed: null, lora: null, aspect: null, durationSeconds: 3 },
      sampling,
    );
    expect(params.steps).toBe(sampling.steps);
    expect(params.lora).toBeUndefined();
    expect(params.durationSeconds).toBe(3);
  });

  test("GIVEN options typed on the command line as text THEN numbers are read from them", () => {
    const params = parseI2VParams(
      { ...minimal, steps: "8", cfg: "1.5", seed: "42", splitStep: "4" },
      sampling,
    );
    expect(params).toMatchObject({ steps: 8, cfg: 1.5, seed: 42, splitStep: 4 });
  });

  test("GIVEN surrounding spaces in the prompt THEN they are trimmed", () => {
    expect(parseI2VParams({ ...minimal, prompt: "  waves crash  " }, sampling).prompt).toBe("waves crash");
  });

  test("GIVEN a LoRA for one pass THEN strength defaults to 1 and the other pass has none", () => {
    const params = parseI2VParams({ ...minimal, lora: { high: "motion.safetensors" } }, sampling);
    expect(params.lora).toEqual({ high: "motion.safetensors", strength: 1 });
  });

  test("GIVEN no seed THEN every random source yields a seed from 0 to 2^53−1", () => {
    for (const r of [0, 1e-9, 0.5, 0.999999999999, 1 - Number.EPSILON, 1]) {
      const seed = parseI2VParams(minimal, sampling, { random: () => r }).seed;
      expect(Number.isSafeInteger(seed), String(r)).toBe(true);
      expect(seed).toBeGreaterThanOrEqual(0);
      expect(seed).toBeLessThanOrEqual(Number.MAX_SAFE_INTEGER);
    }
    expect(randomSeed(() => 1 - Number.EPSILON)).toBeLessThanOrEqual(Number.MAX_SAFE_INTEGER);
  });

  test("GIVEN two jobs with no seed THEN they get different seeds (no cached repeat on the server)", () => {
    expect(parseI2VParams(minimal, sampling).seed).not.toBe(parseI2VParams(minimal, sampling).seed);
  });

  test("GIVEN only more steps THEN the hand-over stays at the same fraction of the schedule", () => {
    const params = parseI2VParams({ ...minimal, steps: 20 }, sampling);
    expect(params.splitStep).toBe(Math.round((20 * sampling.splitStep) / sampling.steps));
    expect(params.splitStep).toBeLessThan(20);
    expect(parseI2VParams({ ...minimal, steps: 2 }, sampling).splitStep).toBe(1);
  });

  test("GIVEN a split step at or past the last step THEN the sentence names both numbers", () => {
    const error = problemWith({ ...minimal, steps: 6, splitStep: 6 });
    expect(error.message).toBe("The split step (6) must be lower than the number of steps (6).");
  });

  test("GIVEN a duration over the configured maximum THEN the sentence names the maximum", () => {
    const error = problemWith({ ...minimal, durationSeconds: sampling.maxDurationSeconds + 1 });
    expect(error.message).toBe(`The duration can be at most ${sampling.maxDurationSeconds} seconds.`);
    expect(error.code).toBe("INVALID_PARAMS");
  });

  test.each([
    ["a blank prompt", { ...minimal, prompt: "   " }, "The prompt is empty; describe the motion you want."],
    [
      "a prompt over 1500 characters",
      { ...minimal, prompt: "x".repeat(1501) },
      "The prompt is too long (at most 1500 characters).",
    ],
    ["no prompt", { image: "fox.png" }, "Write a prompt that describes the motion you want."],
    ["no image", { ...minimal, image: "" }, "The image is missing."],
    [
      "an unsupported aspect",
      { ...minimal, aspect: "5:4" },
      "The aspect ratio must be one of 16:9, 9:16, 1:1, 4:3, 3:4, 3:2, 2:3, 21:9, 9:21.",
    ],
    [
      "an unknown resolution",
      { ...minimal, resolution: "4k" },
      "The resolution must be one of 480p, 576p, 720p.",
    ],
    ["a negative duration", { ...minimal, durationSeconds: -1 }, "The duration must be more than 0 seconds."],
    ["steps as a word", { ...minimal, steps: "many" }, "The number of steps must be a number."],
    ["fractional steps", { ...minimal, steps: 6.5 }, "The number of steps must be a whole number."],
    [
      "too many steps",
      { ...minimal, steps: 1000 },
      `The number of steps must be from 2 to ${I2V_LIMITS.stepsMax}.`,
    ],
    [
      "a seed past 2^53−1",
      { ...minimal, seed: 2 ** 53 },
      `The seed must be from 0 to ${Number.MAX_SAFE_INTEGER}.`,
    ],
    ["a negative seed", { ...minimal, seed: -1 }, `The seed must be from 0 to ${Number.MAX_SAFE_INTEGER}.`],
    ["a CFG over 30", { ...minimal, cfg: 31 }, "The CFG scale must be from 0 to 30."],
    [
      "a LoRA without a name",
      { ...minimal, lora: { strength: 1 } },
      "Choose a LoRA for the high-noise pass, the low-noise pass, or both.",
    ],
    [
      "a LoRA strength over 2",
      { ...minimal, lora: { high: "a.safetensors", strength: 2.5 } },
      "The LoRA strength must be from 0 to 2.",
    ],
    [
      "a LoRA given as a bare name",
      { ...minimal, lora: "a.safetensors" },
      "The LoRA choice must be an object.",
    ],
    ["an unknown option", { ...minimal, colour: "red" }, "Unknown option: colour."],
    ["options that are not an object", "fox", "The options must be an object."],
  ] as const)("GIVEN %s THEN the user reads one clear sentence", (_case, input, sentence) => {
    const error = problemWith(input);
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toBe(sentence);
  });

  test("GIVEN several problems at once THEN each gets its own sentence", () => {
    const error = problemWith({ ...minimal, prompt: "", fps: 0, aspect: "wide" });
    expect(error.message).toContain("The prompt is empty");
    expect(error.message).toContain("The frame rate must be from 1 to 60.");
    expect(error.message).toContain("The aspect ratio must be one of");
    expect(error.message.split(/(?<=\.) /)).toHaveLength(3);
  });
});
