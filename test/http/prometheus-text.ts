/**
 * A strict reader of the Prometheus text exposition format 0.0.4, enough to prove that what `/metrics`
 * serves is what a Prometheus server accepts: every sample belongs to a family declared by `# TYPE` before
 * it, names and labels are well formed, and histograms are cumulative with `+Inf` equal to `_count`.
 */
export type MetricType = "counter" | "gauge" | "histogram" | "summary" | "untyped";

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  type: MetricType;
  help?: string;
  samples: Sample[];
}

const metricName = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const sampleLine = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?\s+(\S+)(?:\s+(-?\d+))?$/;
const labelPair = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(,|$)/y;
const types = new Set<MetricType>(["counter", "gauge", "histogram", "summary", "untyped"]);

export class ExpositionError extends Error {
  override readonly name = "ExpositionError";
}

/** As Prometheus reads values (Go's ParseFloat): Inf and NaN in any letter case, so prom-client's "Nan" too. */
function parseValue(text: string, where: string): number {
  const special = /^([+-]?)(inf|infinity)$/i.exec(text);
  if (special) return special[1] === "-" ? -Infinity : Infinity;
  if (/^nan$/i.test(text)) return NaN;
  const value = Number(text);
  if (text === "" || Number.isNaN(value)) throw new ExpositionError(`${where}: bad value "${text}"`);
  return value;
}

function parseLabels(text: string, where: string): Record<string, string> {
  const labels: Record<string, string> = {};
  const inner = text.slice(1, -1);
  labelPair.lastIndex = 0;
  while (labelPair.lastIndex < inner.length) {
    const match = labelPair.exec(inner);
    if (!match?.[1]) throw new ExpositionError(`${where}: bad labels ${text}`);
    if (match[1] in labels) throw new ExpositionError(`${where}: label ${match[1]} twice`);
    labels[match[1]] = (match[2] ?? "").replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c));
  }
  return labels;
}

function familyOf(sample: string, families: Map<string, Family>): string | undefined {
  if (families.has(sample)) return sample;
  const base = sample.replace(/_(bucket|sum|count)$/, "");
  const family = families.get(base);
  if (!family || base === sample) return undefined;
  if (family.type === "histogram") return base;
  return family.type === "summary" && !sample.endsWith("_bucket") ? base : undefined;
}

function checkHistogram(name: string, family: Family) {
  const series = new Map<string, { buckets: [number, number][]; count?: number }>();
  for (const s of family.samples) {
    const { le, ...rest } = s.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const entry = series.get(key) ?? { buckets: [] };
    series.set(key, entry);
    if (s.name === `${name}_bucket`) {
      if (le === undefined) throw new ExpositionError(`${name}: bucket without le`);
      entry.buckets.push([parseValue(le, name), s.value]);
    } else if (s.name === `${name}_count`) entry.count = s.value;
  }
  for (const [key, { buckets, count }] of series) {
    for (let i = 1; i < buckets.length; i++) {
      const [prevLe, prevCount] = buckets[i - 1]!;
      const [le, n] = buckets[i]!;
      if (le <= prevLe || n < prevCount) throw new ExpositionError(`${name}${key}: buckets not cumulative`);
    }
    const last = buckets.at(-1);
    if (last?.[0] !== Infinity) throw new ExpositionError(`${name}${key}: no +Inf bucket`);
    if (last[1] !== count)
      throw new ExpositionError(`${name}${key}: +Inf bucket ${last[1]} != count ${count}`);
  }
}

export function parseExposition(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  if (text.length > 0 && !text.endsWith("\n")) throw new ExpositionError("the text must end with a newline");
  text.split("\n").forEach((raw, index) => {
    const where = `line ${index + 1}`;
    const line = raw.trim();
    if (line === "") return;
    if (line.startsWith("#")) {
      const [, keyword, name, ...rest] = line.split(/\s+/);
      if (keyword !== "HELP" && keyword !== "TYPE") return;
      if (!name || !metricName.test(name)) throw new ExpositionError(`${where}: bad metric name`);
      if (keyword === "HELP") {
        const family = families.get(name);
        if (family) family.help = rest.join(" ");
        else families.set(name, { type: "untyped", help: rest.join(" "), samples: [] });
        return;
      }
      const type = rest[0] as MetricType;
      if (!types.has(type) || rest.length !== 1) throw new ExpositionError(`${where}: bad type`);
      const existing = families.get(name);
      if (existing && (existing.samples.length > 0 || existing.type !== "untyped")) {
        throw new ExpositionError(`${where}: TYPE for ${name} after its samples or twice`);
      }
      families.set(name, { type, help: existing?.help, samples: [] });
      return;
    }
    const match = sampleLine.exec(line);
    if (!match?.[1] || match[3] === undefined) throw new ExpositionError(`${where}: not a sample: ${line}`);
    const family = familyOf(match[1], families);
    if (!family) throw new ExpositionError(`${where}: ${match[1]} has no # TYPE before it`);
    const labels = match[2] ? parseLabels(match[2], where) : {};
    families.get(family)!.samples.push({ name: match[1], labels, value: parseValue(match[3], where) });
  });
  for (const [name, family] of families) if (family.type === "histogram") checkHistogram(name, family);
  return families;
}

/** The value of the one sample named `name` whose labels include `labels`. */
export function valueOf(
  families: Map<string, Family>,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const matches = [...families.values()]
    .flatMap((f) => f.samples)
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (matches.length > 1)
    throw new Error(`${matches.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return matches[0]?.value;
}
