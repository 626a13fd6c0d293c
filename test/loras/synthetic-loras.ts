/**
 * Deterministic, real-looking LoRA file lists of any size for tests and the autocomplete benchmark:
 * pairs in four marker spellings, lone halves, general LoRAs, folders, the same name in several
 * folders, names far longer than 100 characters (some differing only in the middle), and non-ASCII.
 */

const words = (
  "orbit cam dolly zoom anime style detail motion walk cycle hair wind rain neon cyberpunk portrait " +
  "lightning lightx2v i2v wan22 push in pan tilt smile dance ghibli pixel clay oil sketch bounce " +
  "squish melt explode turntable drone fpv crane slow fast 4steps"
).split(" ");
const folders = ["", "", "wan 2.2/", "wan 2.2/camera/", "styles/", "characters/a rather long folder name/"];
const markerPairs: [string, string, string][] = [
  ["_high_noise", "_low_noise", ""],
  ["_HIGH", "_LOW", "_fp16"],
  ["-H", "-L", "-e8"],
  ["_HN", "_LN", ""],
];
const unicodeWords = ["ünïcødé", "風景", "🌸bloom", "café"];

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticLoraNames(count: number, seed = 1): string[] {
  const random = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const files: string[] = [];
  const bases: string[] = [];
  for (let i = 0; files.length < count; i += 1) {
    const roll = random();
    let base: string;
    if (roll < 0.05 && bases.length > 0) base = pick(bases);
    else if (roll < 0.12) base = `${Array.from({ length: 18 }, () => pick(words)).join("_")}_${i}`;
    else if (roll < 0.15)
      base = `shared_${"very_long_common_prefix_".repeat(3)}${i}_${"same_tail_".repeat(3)}v1`;
    else if (roll < 0.17) base = `${pick(unicodeWords)}_${pick(words)}_${i}`;
    else base = `${Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(words)).join("_")}_${i}`;
    bases.push(base);
    const folder = pick(folders);
    const shape = random();
    if (shape < 0.4) {
      const [high, low, tail] = pick(markerPairs);
      files.push(`${folder}${base}${high}${tail}.safetensors`, `${folder}${base}${low}${tail}.safetensors`);
    } else if (shape < 0.5) {
      files.push(`${folder}${base}${random() < 0.5 ? "_high_noise" : "_LN"}.safetensors`);
    } else {
      files.push(`${folder}${base}${random() < 0.9 ? ".safetensors" : ".pt"}`);
    }
  }
  return files.slice(0, count);
}

/** Queries a user might type while looking for a LoRA: prefixes, words, typos, folders, nothing. */
export function syntheticQueries(files: readonly string[], count: number, seed = 2): string[] {
  const random = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const queries: string[] = [];
  while (queries.length < count) {
    const file = pick(files);
    const base = file.slice(file.lastIndexOf("/") + 1).replace(/\.[a-z]+$/, "");
    const kind = random();
    if (kind < 0.25) queries.push(base.slice(0, 1 + Math.floor(random() * 6)));
    else if (kind < 0.45) queries.push(pick(words));
    else if (kind < 0.6) queries.push(`${pick(words)} ${pick(words)}`);
    else if (kind < 0.75) queries.push(base.replace(/[aeiou]/g, "").slice(0, 8));
    else if (kind < 0.85) queries.push(base);
    else if (kind < 0.9) queries.push("wan 2.2/");
    else if (kind < 0.95) queries.push("zzqx no match");
    else queries.push("");
  }
  return queries;
}
