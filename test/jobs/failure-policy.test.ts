import { describe, expect, it } from "vitest";
import { ComfyError } from "../../src/comfy/errors.js";
import { UserError } from "../../src/errors.js";
import { decideFailure } from "../../src/jobs/failure-policy.js";

const lost = () => new ComfyError("LOST", { diagnostics: { reason: "restart" } });
const timeout = () => new ComfyError("TIMEOUT");

describe("the failure policy", () => {
  it("GIVEN the server lost the job and attempts are left THEN it goes back in line at once", () => {
    expect(decideFailure(lost(), 1, 3)).toEqual({ action: "requeue" });
    expect(decideFailure(lost(), 2, 3)).toEqual({ action: "requeue" });
  });

  it("GIVEN a transient failure THEN it is retried after a pause that doubles per attempt, up to 30 s", () => {
    expect(decideFailure(timeout(), 1, 10)).toEqual({ action: "retry", afterMs: 1_000 });
    expect(decideFailure(timeout(), 2, 10)).toEqual({ action: "retry", afterMs: 2_000 });
    expect(decideFailure(new ComfyError("UNREACHABLE"), 3, 10)).toEqual({ action: "retry", afterMs: 4_000 });
    expect(decideFailure(new ComfyError("DISCONNECTED"), 9, 10)).toEqual({
      action: "retry",
      afterMs: 30_000,
    });
  });

  it("GIVEN the last attempt failed THEN the job fails with the server error's own sentence", () => {
    expect(decideFailure(lost(), 3, 3)).toEqual({ action: "fail", expected: true });
    expect(decideFailure(timeout(), 3, 3)).toEqual({ action: "fail", expected: true });
  });

  it("GIVEN an error about the job itself THEN it fails at once, a user error as expected", () => {
    const refused = new UserError("error.LORA_UNKNOWN", {});
    expect(decideFailure(refused, 1, 3)).toEqual({ action: "fail", expected: true });
    expect(decideFailure(new Error("bug"), 1, 3)).toEqual({ action: "fail", expected: false });
  });
});
