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
    // Each worker keeps the modules it loaded (discord.js, zod, sharp, the bot's own) for its next file
    // instead of loading them again for each of 140 files: about two of CI's ten minutes. Test files
    // therefore start what they need and stop it again (bots, fakes, servers, timers).
    isolate: false,
  },
});
