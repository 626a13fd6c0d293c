import { describe, expect, it } from "vitest";
import { cleanUserText } from "../../src/workflow/user-text.js";
import { parseI2VParams } from "../../src/workflow/params.js";
import { loadConfig } from "../../src/config.js";
import { escapeUserMarkdown } from "../../src/discord/user-markdown.js";

const sampling = loadConfig({}).sampling;

describe("user text", () => {
  it("GIVEN NUL, other control characters and bidi overrides THEN they are removed; newline and tab stay", () => {
    const hostile = "a\u0000 fox\u0007 \u202Egnirts\u202C\u2066x\u2069\u200E\tturns\naround\u007F\u0085";
    expect(cleanUserText(hostile)).toBe("a fox gnirtsx\tturns\naround");
  });

  it("GIVEN a prompt and negative prompt with control characters THEN the job parameters hold the clean text", () => {
    const params = parseI2VParams(
      { image: "x.png", prompt: "fox\u0000\u202Ejumps", negative: "blur\u2067ry" },
      sampling,
    );
    expect(params.prompt).toBe("foxjumps");
    expect(params.negative).toBe("blurry");
  });

  it("GIVEN a prompt of only control characters THEN it counts as empty", () => {
    expect(() => parseI2VParams({ image: "x.png", prompt: "\u0000\u202E" }, sampling)).toThrow(
      /prompt is empty/,
    );
  });

  it("GIVEN Markdown for a masked link in user text THEN the embed text cannot make a link", () => {
    const shown = escapeUserMarkdown("[free nitro](https://evil.example) and <https://x.example>");
    expect(shown).not.toMatch(/(?<!\\)[[\]]/);
    expect(shown).toContain("free nitro");
  });
});
