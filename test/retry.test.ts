import { describe, expect, it } from "vitest";
import { retry } from "../src/retry.js";

describe("retry", () => {
  it("GIVEN a step that fails twice THEN it is tried again after each pause and its value returned", async () => {
    const pauses: number[] = [];
    let calls = 0;
    const value = await retry(
      async () => {
        calls += 1;
        if (calls < 3) throw new Error("blip");
        return "ok";
      },
      { delaysMs: [10, 20, 30], sleep: async (ms) => void pauses.push(ms) },
    );
    expect(value).toBe("ok");
    expect(pauses).toEqual([10, 20]);
  });

  it("GIVEN the pauses run out or a failure is not retryable THEN the failure is thrown", async () => {
    const fail = async () => {
      throw new Error("down");
    };
    await expect(retry(fail, { delaysMs: [0, 0], sleep: async () => undefined })).rejects.toThrow("down");
    let calls = 0;
    const counted = async () => {
      calls += 1;
      throw new Error("refused");
    };
    await expect(retry(counted, { delaysMs: [0, 0], retryable: () => false })).rejects.toThrow("refused");
    expect(calls).toBe(1);
  });

  it("GIVEN an abort during a pause THEN it stops with the abort's reason", async () => {
    const abort = new AbortController();
    const running = retry(
      async () => {
        throw new Error("blip");
      },
      { delaysMs: [60_000], signal: abort.signal },
    );
    abort.abort(new Error("stopped"));
    await expect(running).rejects.toThrow("stopped");
  });

  it("GIVEN a step whose value is not the answer yet THEN it is read again after each pause until it is", async () => {
    const pauses: number[] = [];
    const answers = [undefined, undefined, "entry"];
    let reads = 0;
    const value = await retry(async () => answers[reads++], {
      delaysMs: [20, 40, 80],
      again: (entry) => entry === undefined,
      sleep: async (ms) => void pauses.push(ms),
    });
    expect(value).toBe("entry");
    expect(reads).toBe(3);
    expect(pauses).toEqual([20, 40]);
  });

  it("GIVEN the value never becomes the answer THEN the last one is returned once the pauses run out", async () => {
    const pauses: number[] = [];
    let reads = 0;
    const value = await retry(async () => (reads++, undefined), {
      delaysMs: [10, 10],
      again: (entry) => entry === undefined,
      sleep: async (ms) => void pauses.push(ms),
    });
    expect(value).toBeUndefined();
    expect(reads).toBe(3);
    expect(pauses).toEqual([10, 10]);
  });
});
