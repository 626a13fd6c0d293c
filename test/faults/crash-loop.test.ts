import { describe, expect, it } from "vitest";
import { runCrashLoop } from "./crash-loop.js";

/** Bounded for CI; `npm run soak:crash` runs the same loop with 200 kills. */
const KILLS = 10;

describe("crash loop: the bot is SIGKILLed at random moments and started again", () => {
  it(`GIVEN ${KILLS} random SIGKILLs while jobs run THEN every job is delivered exactly once or failed with a message: 0 lost, 0 duplicated, 0 stuck`, async () => {
    const seed = Number(process.env["CRASH_SEED"] ?? Date.now() % 100_000);
    const { figures, verdicts } = await runCrashLoop({
      kills: KILLS,
      jobsPerLife: 1,
      maxLifeMs: 1_500,
      seed,
    });
    const wrong = verdicts.filter((v) => v.outcome !== "delivered" && v.outcome !== "failed");
    expect({ seed, wrong, withProblems: verdicts.filter((v) => v.problems.length > 0) }).toEqual({
      seed,
      wrong: [],
      withProblems: [],
    });
    expect(figures).toMatchObject({ kills: KILLS, jobs: KILLS, lost: 0, duplicated: 0, stuck: 0 });
    expect(figures.delivered + figures.failedWithMessage).toBe(KILLS);
  }, 300_000);
});
