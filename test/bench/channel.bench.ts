/**
 * 20 jobs started at once in one channel, with the bot's own edit pacing: how many edits each job's
 * message gets, and how many requests real Discord would have answered with 429 (the fake records what
 * its per-route limiter would have refused instead of refusing it).
 */
import { resultMessages, startWorld } from "../e2e/harness.js";
import { jobMessage, silentLogger, tinyPng, until } from "./bench-world.js";
import { type BenchResult, round, runWhenMain } from "./result.js";

const JOBS = 20;
const USERS = ["alice", "bob", "carol", "dave"];
/** A job of about 1 s on the emulator, long enough to show progress. */
const STEP_MS = 25;

function countBy<T>(items: readonly T[], key: (item: T) => string): string {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].map(([name, n]) => `${n} × ${name}`).join(", ");
}

export async function benchChannel(): Promise<BenchResult[]> {
  const world = await startWorld({
    comfy: { stepDelayMs: STEP_MS },
    discord: { rateLimits: "record", users: USERS.map((username) => ({ username })) },
    env: { MAX_WAITING_PER_USER: String(JOBS) },
    bot: { logger: silentLogger(), editIntervalMs: undefined },
  });
  try {
    const png = await tinyPng();
    const started = performance.now();
    const ids = Array.from({ length: JOBS }, (_, i) => {
      const image = world.discord.addAttachment("in.png", png, "image/png");
      const user = USERS[i % USERS.length]!;
      return world.discord.sendSlashCommand({
        name: "i2v",
        user,
        options: { image, prompt: `channel ${i}`, duration: 1 },
      }).id;
    });
    await until(() => resultMessages(world.discord).length === JOBS, 120_000, "all results");
    const isFinal = (id: string) =>
      /"title":"Done"/.test(JSON.stringify(jobMessage(world.discord, id)?.embeds));
    await until(() => ids.every(isFinal), 30_000, "final edits");
    const seconds = (performance.now() - started) / 1000;
    const edits = ids.map((id) => jobMessage(world.discord, id)?.edits.length ?? Number.NaN);
    const hits = world.discord.rateLimitHits;
    const writes = world.discord.requests.filter((r) => r.method === "PATCH" || r.method === "POST").length;
    return [
      {
        name: "channel: edits per job message, mean (20 jobs, one channel)",
        value: round(edits.reduce((a, b) => a + b, 0) / JOBS, 1),
        unit: "edits",
        note: "every revision of the job's message: the first job embed, queue positions, progress and the final state",
      },
      { name: "channel: edits per job message, max", value: Math.max(...edits), unit: "edits" },
      {
        name: "channel: 429s Discord would have sent",
        value: hits.length,
        unit: "responses",
        target: { op: "=", value: 0 },
        ...(hits.length > 0 ? { note: `by route: ${countBy(hits, (h) => `${h.method} ${h.bucket}`)}` } : {}),
      },
      { name: "channel: REST writes in all (POST + PATCH)", value: writes, unit: "requests" },
      { name: "channel: 20 jobs, first command to last final edit", value: round(seconds, 1), unit: "s" },
    ];
  } finally {
    await world.close();
  }
}

await runWhenMain(import.meta.url, benchChannel);
