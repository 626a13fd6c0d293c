// Loaded into the bot's process by the soak (NODE_OPTIONS=--import): on SIGUSR2 it runs a full GC and
// prints one JSON line with the memory figures, so growth is read after collection, not from GC noise.
import process from "node:process";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

// Only the process that runs the bot answers (a `tsx` relay, if any, inherits NODE_OPTIONS too).
if (
  process.argv.some((arg) => arg.endsWith("src/main.ts")) &&
  !process.argv.some((arg) => /(\.bin\/tsx|tsx\/dist\/cli\.mjs)$/.test(arg))
) {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc");
  process.on("SIGUSR2", () => {
    gc();
    const { heapUsed, rss, external } = process.memoryUsage();
    process.stdout.write(`${JSON.stringify({ msg: "heap probe", heapUsed, rss, external })}\n`);
  });
}
