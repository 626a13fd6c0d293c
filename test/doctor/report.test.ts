import { describe, expect, test } from "vitest";
import { fail, pass, warn, type CheckGroup } from "../../src/doctor/check.js";
import { exitCode, formatJson, formatText } from "../../src/doctor/report.js";

const server: CheckGroup = {
  title: "ComfyUI http://gpu-box:8188",
  lines: [pass("reachable"), warn("ComfyUI 0.3.40 is older than 0.3.45", "update ComfyUI")],
};

describe("report", () => {
  test("GIVEN only ✓ and ⚠ THEN the exit code is 0 and the verdict counts the warning", () => {
    expect(exitCode([server])).toBe(0);
    expect(formatText([server])).toBe(
      [
        "ComfyUI http://gpu-box:8188",
        "  ✓ reachable",
        "  ⚠ ComfyUI 0.3.40 is older than 0.3.45 — update ComfyUI",
        "",
        "No failures, 1 warning.",
        "",
      ].join("\n"),
    );
  });

  test("GIVEN a ✗ with a multi-line fix THEN the exit code is 1 and the fix is indented under its line", () => {
    const discord: CheckGroup = {
      title: "Discord",
      lines: [fail("DISCORD_TOKEN is not set", "Missing: DISCORD_TOKEN.\n\n  1. Open …")],
    };
    expect(exitCode([server, discord])).toBe(1);
    expect(formatText([discord])).toBe(
      [
        "Discord",
        "  ✗ DISCORD_TOKEN is not set — Missing: DISCORD_TOKEN.",
        "",
        "        1. Open …",
        "",
        "1 check failed.",
        "",
      ].join("\n"),
    );
  });

  test("GIVEN --json THEN the same lines come out as data with the overall verdict", () => {
    const parsed = JSON.parse(formatJson([server])) as unknown;
    expect(parsed).toEqual({ ok: true, groups: [server] });
  });
});
