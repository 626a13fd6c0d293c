import { describe, expect, it } from "vitest";
import { checkLinks } from "../../src/doctor/links.js";
import { configFrom } from "./support.js";

describe("doctor: delivery of videos too big to upload", () => {
  it("GIVEN no PUBLIC_BASE_URL THEN a warning names the setting that fixes it", () => {
    expect(checkLinks(configFrom({})).lines).toEqual([
      {
        ok: "warn",
        label: expect.stringContaining("no link server"),
        fix: expect.stringContaining("PUBLIC_BASE_URL"),
      },
    ]);
  });

  it("GIVEN PUBLIC_BASE_URL THEN the line passes and shows it", () => {
    const [line] = checkLinks(configFrom({ PUBLIC_BASE_URL: "https://v.example.org" })).lines;
    expect(line).toMatchObject({ ok: true, label: expect.stringContaining("https://v.example.org") });
  });
});
