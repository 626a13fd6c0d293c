import { afterEach, describe, expect, it } from "vitest";
import type { World } from "../e2e/harness.js";
import type { HttpMethod } from "../fakes/comfy/index.js";
import { allDelivered, outcomes } from "./checker.js";
import { submitJobs, until } from "./submit.js";
import { faultWorld, settleInWorld } from "./fault-world.js";

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const accepted = (w: World) => w.comfy.prompts.filter((p) => p.status === 200);

/**
 * A transient 500 is one bad answer from a server that works again at once. A video takes up to
 * 20 minutes to make; one such answer must not cost the user the job.
 */
describe("fault matrix: one HTTP 500 from ComfyUI on POST /prompt", () => {
  it.each([
    { when: "the first job is queued", pipelining: "true", later: false, times: 1 },
    { when: "the second job is queued, after the first ran", pipelining: "false", later: true, times: 1 },
    { when: "the first two jobs are queued", pipelining: "true", later: false, times: 2 },
  ])(
    "GIVEN POST /prompt answers 500 when $when THEN the bot sends it again and every job is delivered exactly once",
    async ({ pipelining, later, times }) => {
      const w = (world = await faultWorld({ env: { PIPELINING: pipelining } }));
      if (later) w.comfy.pause();
      else w.comfy.failRoute("POST", "/prompt", 500, times);
      const jobs = await submitJobs(w.discord, "prompt 500");
      if (later) {
        await until(() => accepted(w).length === 1, 10_000, "the first prompt accepted");
        w.comfy.failRoute("POST", "/prompt", 500, times);
        w.comfy.resume();
      }
      const { verdicts, jobsLeft } = await settleInWorld(w, jobs);
      expect(outcomes(verdicts)).toEqual(allDelivered(3));
      expect(jobsLeft).toBe(0);
      expect(accepted(w)).toHaveLength(3);
    },
  );
});

describe("fault matrix: one HTTP 500 from ComfyUI on the other routes a job uses", () => {
  it.each<{ method: HttpMethod; path: string }>([
    { method: "POST", path: "/upload/image" },
    { method: "GET", path: "/history/*" },
    { method: "GET", path: "/view" },
  ])(
    "GIVEN $method $path answers 500 once THEN every job is delivered exactly once",
    async ({ method, path }) => {
      const w = (world = await faultWorld());
      w.comfy.failRoute(method, path, 500, 1);
      const jobs = await submitJobs(w.discord, "route 500");
      const { verdicts, jobsLeft } = await settleInWorld(w, jobs);
      expect(outcomes(verdicts)).toEqual(allDelivered(3));
      expect(jobsLeft).toBe(0);
      expect(accepted(w)).toHaveLength(3);
    },
  );
});
