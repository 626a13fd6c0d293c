import { describe, expect, it } from "vitest";
import { pyBool, pyFloat, pyFloatRepr, pyInt, pyRepr, pyStr } from "../../src/workflow/validate-python.js";

describe("the Python semantics ComfyUI's messages leak", () => {
  it("GIVEN floats THEN repr matches Python's (fixed between 1e-4 and 1e16, else exponent)", () => {
    const cases: Array<[number, string]> = [
      [500, "500.0"],
      [0.1, "0.1"],
      [-2.5, "-2.5"],
      [1e16, "1e+16"],
      [123456789012345.6, "123456789012345.6"],
      [0.0001, "0.0001"],
      [0.00001, "1e-05"],
      [1.5e-7, "1.5e-07"],
      [-0, "-0.0"],
      [Infinity, "inf"],
    ];
    for (const [value, text] of cases) expect(pyFloatRepr(value)).toBe(text);
  });

  it("GIVEN strings and lists THEN repr quotes like Python", () => {
    expect(pyRepr(["a", "it's", 'say "hi"', 1, 2.5, true, null])).toBe(
      `['a', "it's", 'say "hi"', 1, 2.5, True, None]`,
    );
    expect(pyRepr("both ' and \"")).toBe(`'both \\' and "'`);
    expect(pyStr({ k: [1] })).toBe("{'k': [1]}");
  });

  it("GIVEN int() inputs THEN Python's conversions and errors", () => {
    expect(pyInt(" 42 ")).toEqual({ ok: true, value: 42 });
    expect(pyInt("1_000")).toEqual({ ok: true, value: 1000 });
    expect(pyInt(-7.9)).toEqual({ ok: true, value: -7 });
    expect(pyInt(true)).toEqual({ ok: true, value: 1 });
    expect(pyInt("0x10")).toEqual({ ok: false, message: "invalid literal for int() with base 10: '0x10'" });
    expect(pyInt({})).toMatchObject({ ok: false, message: expect.stringContaining("not 'dict'") });
  });

  it("GIVEN float() and bool() inputs THEN Python's conversions", () => {
    expect(pyFloat("1e3")).toEqual({ ok: true, value: 1000 });
    expect(pyFloat(".5")).toEqual({ ok: true, value: 0.5 });
    expect(pyFloat("-Infinity")).toEqual({ ok: true, value: -Infinity });
    expect(pyFloat("")).toEqual({ ok: false, message: "could not convert string to float: ''" });
    expect([pyBool("false"), pyBool(""), pyBool(0), pyBool([0]), pyBool({})]).toEqual([
      true,
      false,
      false,
      true,
      false,
    ]);
  });
});
