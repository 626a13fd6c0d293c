import { resolve } from "node:path";
import { z } from "zod";
import type { BotChild } from "../bench/bot-child.js";
import { sleep } from "../bench/bench-world.js";

/** Give this to the bot's environment so `probeMemory` can ask it for a full GC and its heap. */
export const heapProbeNodeOptions = `--import ${resolve(import.meta.dirname, "heap-probe.mjs")}`;

const probeLine = z.object({
  msg: z.literal("heap probe"),
  heapUsed: z.number(),
  rss: z.number(),
  external: z.number(),
});

export type MemoryAfterGc = Omit<z.infer<typeof probeLine>, "msg">;

/** The bot's memory right after a full GC (bytes); throws when the probe does not answer in time. */
export async function probeMemory(bot: BotChild, timeoutMs = 5_000): Promise<MemoryAfterGc> {
  const from = bot.process.logs.length;
  process.kill(bot.pid, "SIGUSR2");
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    for (const entry of bot.process.logs.slice(from)) {
      const parsed = probeLine.safeParse(entry);
      if (parsed.success) {
        const { msg: _msg, ...memory } = parsed.data;
        return memory;
      }
    }
    await sleep(20);
  }
  throw new Error(`the bot did not answer the heap probe within ${timeoutMs} ms`);
}
