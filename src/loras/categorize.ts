/**
 * Sorts LoRA files into the Wan 2.2 expert they belong to, the way the Oelala backend's `/loras`
 * answer does (`high_noise`, `low_noise`, `general`).
 *
 * A name is split into tokens on `_ - . space / \` (case-insensitive, extension dropped). Then:
 *
 * 1. Compound marker, anywhere (folders included): a `highnoise` token, or `high` directly followed
 *    by `noise` (`high_noise`, `High-Noise`, `high noise`). Same for `low`.
 *      `wan2.2_i2v_lightx2v_4steps_lora_v1_high_noise.safetensors` → high
 *      `Wan2.2-Fun-A14B-InP-low-noise-MPS.safetensors`             → low
 *      `high_noise/orbit.safetensors`                               → high
 * 2. Trailing marker: the last token of the file's base name, ignoring trailing "tail" tokens
 *    (versions `v1`, numbers, epochs `e8`, precisions `fp16`/`bf16`, `4steps`, `rank64`, `lora`),
 *    is `high`/`hn`/`h` or `low`/`ln`/`l`.
 *      `Wan2.2-Lightning_I2V-A14B-4steps-lora_HIGH_fp16.safetensors` → high
 *      `wan 2.2/NSFW-22-H-e8.safetensors` → high, `…-L-e8…` → low
 *      `orbit_cam_HN.safetensors` → high, `orbit_cam_LN.safetensors` → low
 * 3. `high`/`low` right after a Wan model token (`a14b`, `14b`, `i2v`, `t2v`, `ti2v`):
 *      `Wan22_A14B_T2V_HIGH_Lightning_4steps_lora_250928_rank128_fp16.safetensors` → high
 *    The price: a style named `wan_i2v_low_angle` would count as low. Without the rule, a Lightning
 *    pair named like the one above would be two general LoRAs, both stacked on both experts.
 *
 * Everything else is general. Markers are whole tokens, so `highres_fix`, `highlight`, `lowkey`,
 * `below_view`, `low_angle_shot` and `high_quality_skin` are general. A name with markers for both
 * experts (`high_noise_to_low_noise_merge`) is general too: we cannot tell which expert it is for.
 */

export type LoraCategory = "high_noise" | "low_noise" | "general";
export type NoiseSide = "high" | "low";

/** How the marker is spelled, so a pair's halves can be required to spell it the same way. */
export type MarkerStyle = "word" | "joined" | "abbrev" | "letter";

export interface NoiseMarker {
  side: NoiseSide;
  style: MarkerStyle;
  /** Span of the marker token in the file name (without the `noise` of `high_noise`). */
  start: number;
  end: number;
  /** Span to cut for a display name: includes a following `noise` token. */
  cutEnd: number;
  /** True when the marker is in the file's base name rather than a folder. */
  inBaseName: boolean;
}

interface Token {
  text: string;
  start: number;
  end: number;
}

const markerWords = new Map<string, { side: NoiseSide; style: MarkerStyle }>([
  ["high", { side: "high", style: "word" }],
  ["low", { side: "low", style: "word" }],
  ["highnoise", { side: "high", style: "joined" }],
  ["lownoise", { side: "low", style: "joined" }],
  ["hn", { side: "high", style: "abbrev" }],
  ["ln", { side: "low", style: "abbrev" }],
  ["h", { side: "high", style: "letter" }],
  ["l", { side: "low", style: "letter" }],
]);

const tailToken =
  /^(?:v\d+[a-z]?|\d+|e\d+|ep\d+|epoch\d+|step\d+|\d+steps?|rank\d+|r\d+|fp\d+|bf16|f16|f32|e4m3fn|e5m2|scaled|lora|final)$/;
const modelToken = /^(?:a14b|14b|i2v|t2v|ti2v)$/;
const separator = /[_\-. /\\]+/g;
const modelExtension = /\.[a-z0-9]{1,12}$/i;

function tokenize(stem: string): Token[] {
  const tokens: Token[] = [];
  let start = 0;
  for (const match of stem.matchAll(separator)) {
    if (match.index > start)
      tokens.push({ text: stem.slice(start, match.index).toLowerCase(), start, end: match.index });
    start = match.index + match[0].length;
  }
  if (start < stem.length) tokens.push({ text: stem.slice(start).toLowerCase(), start, end: stem.length });
  return tokens;
}

/** The file name without its extension (the extension is never a marker). */
export function stemOf(file: string): string {
  const slash = Math.max(file.lastIndexOf("/"), file.lastIndexOf("\\"));
  const ext = modelExtension.exec(file.slice(slash + 1));
  return ext ? file.slice(0, file.length - ext[0].length) : file;
}

function baseStart(stem: string): number {
  return Math.max(stem.lastIndexOf("/"), stem.lastIndexOf("\\")) + 1;
}

function markerAt(tokens: Token[], index: number, baseFrom: number): NoiseMarker | undefined {
  const token = tokens[index];
  const word = token && markerWords.get(token.text);
  if (!token || !word) return undefined;
  const next = tokens[index + 1];
  const withNoise = word.style === "word" && next?.text === "noise";
  return {
    side: word.side,
    style: word.style,
    start: token.start,
    end: token.end,
    cutEnd: withNoise ? next.end : token.end,
    inBaseName: token.start >= baseFrom,
  };
}

/** All markers found by the three rules, left to right. */
function findMarkers(tokens: Token[], baseFrom: number): NoiseMarker[] {
  const found: NoiseMarker[] = [];
  for (let index = 0; index < tokens.length; index += 1) {
    const marker = markerWords.has(tokens[index]!.text) ? markerAt(tokens, index, baseFrom) : undefined;
    if (!marker) continue;
    const compound = marker.style === "joined" || marker.cutEnd > marker.end;
    const afterModel = marker.style === "word" && modelToken.test(tokens[index - 1]?.text ?? "");
    if (compound || afterModel) found.push(marker);
  }
  let last = tokens.length - 1;
  while (last >= 0 && tokens[last]!.start >= baseFrom && tailToken.test(tokens[last]!.text)) last -= 1;
  const trailing =
    last >= 0 && tokens[last]!.start >= baseFrom ? markerAt(tokens, last, baseFrom) : undefined;
  // A marker is never a tail token, so the trailing one is the rightmost of all.
  if (trailing && found.at(-1)?.start !== trailing.start) found.push(trailing);
  return found;
}

/**
 * The marker that decides the file's expert, or undefined for a general LoRA. When several markers
 * name the same expert, the rightmost one wins (it is the one a pair swaps).
 */
export function findNoiseMarker(file: string): NoiseMarker | undefined {
  const stem = stemOf(file);
  const markers = findMarkers(tokenize(stem), baseStart(stem));
  const sides = new Set(markers.map((marker) => marker.side));
  return sides.size === 1 ? markers.at(-1) : undefined;
}

export function categorizeLora(file: string): LoraCategory {
  const side = findNoiseMarker(file)?.side;
  return side === "high" ? "high_noise" : side === "low" ? "low_noise" : "general";
}

/** The backend's `/loras` shape: every file, and the files of each category. */
export function categorizeLoras(files: readonly string[]): Record<"loras" | LoraCategory, string[]> {
  const result: Record<"loras" | LoraCategory, string[]> = {
    loras: [...files],
    high_noise: [],
    low_noise: [],
    general: [],
  };
  for (const file of files) result[categorizeLora(file)].push(file);
  return result;
}
