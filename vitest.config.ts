import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
    // Vitest's default is one worker fewer than the cores: on CI's two cores, one file at a time. Most
    // files wait on fakes, timers and child processes rather than compute, so two run side by side.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
