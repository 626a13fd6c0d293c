import { afterEach, describe, expect, it } from "vitest";
import type { World } from "../e2e/harness.js";
import { allDelivered, outcomes } from "./checker.js";
import { submitJobs } from "./submit.js";
import { faultWorld, settleInWorld } from "./fault-world.js";

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe("fault matrix: the ComfyUI socket drops", () => {
  it.each([{ afterProgress: 1 }, { afterProgress: 7 }, { afterProgress: 20 }])(
    "GIVEN the socket drops after $afterProgress progress messages THEN every job is delivered exactly once",
    async ({ afterProgress }) => {
      const w = (world = await faultWorld());
      w.comfy.dropSockets({ afterProgress });
      const jobs = await submitJobs(w.discord, "drop");
      const { verdicts, jobsLeft } = await settleInWorld(w, jobs);
      expect(outcomes(verdicts)).toEqual(allDelivered(3));
      expect(jobsLeft).toBe(0);
      expect(w.logs.some((l) => l["msg"] === "comfy socket reconnect scheduled")).toBe(true);
      expect(w.comfy.prompts.filter((p) => p.status === 200)).toHaveLength(3);
    },
  );
});
