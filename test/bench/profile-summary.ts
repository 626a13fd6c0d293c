/**
 * `tsx test/bench/profile-summary.ts FILE.cpuprofile`: where a profiled process spent its CPU, by
 * package (node_modules/<name>), by our own folder (src/<dir>), node's internals and V8's own (GC,
 * idle): self time in ms and share of the busy time, largest first. For `npm run bench -- --profile`.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";

const profileSchema = z.object({
  nodes: z.array(
    z.object({
      id: z.number(),
      callFrame: z.object({ functionName: z.string(), url: z.string() }),
    }),
  ),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});

function bucket(url: string, functionName: string): string {
  if (!url) return functionName.startsWith("(") ? functionName : `(${functionName || "anonymous"})`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith("node:")) return `node:${url.slice(5).split("/")[0]}`;
  const own = /\/(src|dist\/src)\/([^/]+)/.exec(url);
  if (own) return `src/${own[2]!.replace(/\.[jt]s$/, "")}`;
  return url.replace(/^file:\/\//, "");
}

const file = process.argv[2];
if (!file) {
  process.stderr.write("usage: tsx test/bench/profile-summary.ts FILE.cpuprofile\n");
  process.exit(2);
}
const profile = profileSchema.parse(JSON.parse(readFileSync(file, "utf8")));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<string, number>();
profile.samples.forEach((id, i) => {
  const frame = byId.get(id)?.callFrame;
  const key = frame ? bucket(frame.url, frame.functionName) : "(unknown)";
  self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
});
const idle = self.get("(idle)") ?? 0;
const busy = [...self.values()].reduce((a, b) => a + b, 0) - idle;
process.stdout.write(`busy ${Math.round(busy)} ms, idle ${Math.round(idle)} ms\n`);
for (const [key, ms] of [...self.entries()]
  .filter(([k]) => k !== "(idle)")
  .sort((a, b) => b[1] - a[1])
  .slice(0, 20))
  process.stdout.write(
    `${((100 * ms) / busy).toFixed(1).padStart(5)}%  ${Math.round(ms).toString().padStart(6)} ms  ${key}\n`,
  );
