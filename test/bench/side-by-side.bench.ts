/**
 * The acknowledgement path side by side, in one interleaved run: the bot (its own process, as `npm start`
 * runs it), a bare discord.js client that only defers, and the floor (plain `ws` + an undici keep-alive
 * Agent), each against its own fake Discord in a fakes host of its own. Bursts go A B C A B C …; a cold
 * burst follows more than 4 s of idle.
 * `BENCH_NODE` picks the node binary for the peers; `BENCH_PROFILE_DIR` writes the bot's CPU profile.
 */
import { execFileSync } from "node:child_process";
import { cpus } from "node:os";
import { buildIfStale } from "../support/build.js";
import { sleep } from "./bench-world.js";
import { type Host, startHost } from "./side/host-client.js";
import { type Peer, type PeerOptions, startPeer } from "./side/peers.js";
import { type Target, targets } from "./side/protocol.js";
import { type BenchResult, ascending, median, percentile, round, runWhenMain } from "./result.js";

const ROUNDS = 5;
const COLD_IDLE_MS = 4_500;
/** A pause between bursts so one peer's tail does not run into the next one's burst. */
const BETWEEN_MS = 300;

interface Kind {
  name: string;
  size: number;
  cold: boolean;
  /** The bot's p99 at most this many times the bare discord.js client's. */
  limit: number;
}
const kinds: Kind[] = [
  { name: "cold burst of 200", size: 200, cold: true, limit: 1.15 },
  { name: "warm burst of 200", size: 200, cold: false, limit: 1.15 },
  { name: "burst of 20", size: 20, cold: false, limit: 1.3 },
];
const label: Record<Target, string> = { bot: "bot", bare: "bare discord.js", floor: "floor ws+undici" };

export const options: PeerOptions = {
  node: process.env["BENCH_NODE"] || process.execPath,
  profileDir: process.env["BENCH_PROFILE_DIR"] || undefined,
};

async function burst(host: Host, target: Target, size: number) {
  const answer = await host.ask({ type: "burst", target, size });
  if (answer.type !== "burst") throw new Error("expected a burst answer");
  return answer;
}

interface Pooled {
  latencies: number[];
  connections: number[];
  idleMs: number[];
}

async function acknowledgements(): Promise<BenchResult[]> {
  const host = await startHost("ack");
  const peers: Peer[] = [];
  try {
    const { endpoints, env, dataDir } = host.ready;
    for (const target of targets)
      peers.push(await startPeer(target, endpoints![target], { env, dataDir }, options));
    // Warm-up: JIT, caches and connections of every peer, not recorded.
    for (const target of targets) {
      await burst(host, target, 200);
      await burst(host, target, 20);
    }
    const pooled = new Map<string, Pooled>();
    // Each round: more than 4 s of quiet; then each peer in turn, A B C, a cold burst and right after it
    // a warm one (its connections from the cold burst still open); then A B C in bursts of 20.
    const record = async (kind: Kind, target: Target, round: number) => {
      const answer = await burst(host, target, kind.size);
      const key = `${kind.name}/${target}`;
      const entry = pooled.get(key) ?? { latencies: [], connections: [], idleMs: [] };
      entry.latencies.push(...answer.latencies);
      entry.connections.push(answer.connections);
      entry.idleMs.push(answer.idleMs);
      pooled.set(key, entry);
      process.stderr.write(
        `  round ${round + 1} ${kind.name} ${target}: p99 ${round1(percentile(ascending(answer.latencies), 99))} ms after ${round1(answer.idleMs / 1000)} s idle\n`,
      );
    };
    const [cold, warm, small] = kinds as [Kind, Kind, Kind];
    for (let round = 0; round < ROUNDS; round++) {
      await sleep(COLD_IDLE_MS);
      for (const target of targets) {
        await record(cold, target, round);
        await sleep(BETWEEN_MS);
        await record(warm, target, round);
      }
      for (const target of targets) {
        await sleep(BETWEEN_MS);
        await record(small, target, round);
      }
    }
    return kinds.flatMap((kind) => figures(kind, pooled));
  } finally {
    for (const peer of peers) await peer.stop().catch(() => undefined);
    await host.close();
  }
}

const round1 = (ms: number) => round(ms, 1);
const times = (value: number, peer: number) => `${(value / peer).toFixed(2)}×`;

function figures(kind: Kind, pooled: Map<string, Pooled>): BenchResult[] {
  const stats = (target: Target) => {
    const sorted = ascending(pooled.get(`${kind.name}/${target}`)!.latencies);
    return {
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      max: sorted.at(-1)!,
      n: sorted.length,
    };
  };
  const bare = stats("bare");
  const floor = stats("floor");
  const rows: BenchResult[] = [];
  for (const target of targets) {
    const own = stats(target);
    const entry = pooled.get(`${kind.name}/${target}`)!;
    const connections = median(entry.connections);
    const idle = `${round1(Math.min(...entry.idleMs) / 1000)}–${round1(Math.max(...entry.idleMs) / 1000)} s`;
    for (const stat of ["p50", "p99", "max"] as const) {
      rows.push({
        name: `ack ${kind.name}: ${label[target]} ${stat}`,
        value: round1(own[stat]),
        unit: "ms",
        vs: `${times(own[stat], bare[stat])} bare, ${times(own[stat], floor[stat])} floor`,
        ...(stat === "p50"
          ? {
              note: `${kind.name}, ${label[target]}: ${own.n} interactions in ${ROUNDS} bursts, idle ${idle} before each; median ${connections} new TCP connections per burst`,
            }
          : {}),
      });
    }
  }
  const bot = stats("bot");
  rows.push({
    name: `ack ${kind.name}: bot p99 ÷ bare discord.js p99`,
    value: round(bot.p99 / bare.p99, 2),
    unit: "×",
    target: { op: "<=", value: kind.limit },
  });
  return rows;
}

export function machineRow(): BenchResult {
  const version = execFileSync(options.node, ["--version"], { encoding: "utf8" }).trim();
  return {
    name: "side by side: machine",
    value: cpus().length,
    unit: "cores",
    note: `${cpus()[0]?.model ?? "unknown cpu"}; peers run on Node ${version} (${options.node}); each peer and the fakes host in its own process`,
  };
}

export async function benchSideBySide(): Promise<BenchResult[]> {
  await buildIfStale();
  return [machineRow(), ...(await acknowledgements())];
}

await runWhenMain(import.meta.url, benchSideBySide);
