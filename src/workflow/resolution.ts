/** The aspect ratios the bot offers; each one is also an option of the Warper node. */
export const ASPECTS = ["16:9", "9:16", "1:1", "4:3", "3:4", "3:2", "2:3", "21:9", "9:21"] as const;
export type Aspect = (typeof ASPECTS)[number];

/** Each aspect's option label in `AspectRatioResolution_Warper.aspect_ratio`. */
export const WARPER_ASPECT_LABELS = {
  "21:9": "21:9 (Ultra-Wide)",
  "16:9": "16:9 (Wide)",
  "4:3": "4:3 (Standard)",
  "3:2": "3:2 (Photo)",
  "1:1": "1:1 (Square)",
  "2:3": "2:3 (Portrait Photo)",
  "3:4": "3:4 (Portrait Standard)",
  "9:16": "9:16 (Portrait Wide)",
  "9:21": "9:21 (Portrait Ultra-Wide)",
} as const satisfies Record<Aspect, string>;
export type WarperAspectLabel = (typeof WARPER_ASPECT_LABELS)[Aspect];

export const RESOLUTION_TIERS = ["480p", "576p", "720p"] as const;
export type ResolutionTier = (typeof RESOLUTION_TIERS)[number];

/**
 * The Warper `long_edge` per tier and aspect. Each is the Warper output whose two edges are multiples
 * of 16 and whose pixel count is closest to the tier's 16:9 frame (832×480, 1024×576, 1280×720), so
 * every aspect of a tier costs about the same GPU time. The Warper rounds to even sizes only, so most
 * long edges would give sizes off the 16 grid (16:9 at 832 gives 832×468).
 */
const LONG_EDGES: Record<ResolutionTier, Record<Aspect, number>> = {
  "480p": {
    "21:9": 1008,
    "16:9": 880,
    "4:3": 704,
    "3:2": 768,
    "1:1": 624,
    "2:3": 768,
    "3:4": 704,
    "9:16": 880,
    "9:21": 1008,
  },
  "576p": {
    "21:9": 1120,
    "16:9": 1024,
    "4:3": 896,
    "3:2": 960,
    "1:1": 768,
    "2:3": 960,
    "3:4": 896,
    "9:16": 1024,
    "9:21": 1120,
  },
  "720p": {
    "21:9": 1456,
    "16:9": 1280,
    "4:3": 1088,
    "3:2": 1152,
    "1:1": 960,
    "2:3": 1152,
    "3:4": 1088,
    "9:16": 1280,
    "9:21": 1456,
  },
};

export interface Size {
  width: number;
  height: number;
}

/** Python 3's `round(x)`: to the nearest integer, ties to the even one. */
export function pythonRound(x: number): number {
  const floor = Math.floor(x);
  const fraction = x - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

function ratioOf(aspect: Aspect): { w: number; h: number } {
  const [w, h] = aspect.split(":").map(Number);
  return { w: w ?? 1, h: h ?? 1 };
}

const aspectByLabel = new Map<string, Aspect>(ASPECTS.map((a) => [WARPER_ASPECT_LABELS[a], a]));

/**
 * What `AspectRatioResolution_Warper` outputs for an option label and long edge: the long edge is the
 * width for landscape and square, the height for portrait; the short edge is Python's
 * `round(long * h / w)`; each odd edge is raised by one.
 */
export function warperSize(aspectLabel: WarperAspectLabel, longEdge: number): Size {
  const aspect = aspectByLabel.get(aspectLabel);
  if (!aspect) throw new RangeError(`Unknown Warper aspect label: ${aspectLabel}`);
  const { w, h } = ratioOf(aspect);
  const landscape = w >= h;
  const short = landscape ? pythonRound((longEdge * h) / w) : pythonRound((longEdge * w) / h);
  const even = (n: number) => (n % 2 === 0 ? n : n + 1);
  return landscape
    ? { width: even(longEdge), height: even(short) }
    : { width: even(short), height: even(longEdge) };
}

/** The Warper long edge the bot sends for an aspect at a tier. */
export function tierLongEdge(aspect: Aspect, tier: ResolutionTier): number {
  return LONG_EDGES[tier][aspect];
}

/** The video size for an aspect at a tier: what the Warper computes from `tierLongEdge`. */
export function targetSize(aspect: Aspect, tier: ResolutionTier): Size {
  return warperSize(WARPER_ASPECT_LABELS[aspect], tierLongEdge(aspect, tier));
}

/** The supported aspect closest to an image's shape (compared on a log scale, so 2:1 and 1:2 are symmetric). */
export function aspectFromSize(width: number, height: number): Aspect {
  if (!(width > 0 && height > 0)) throw new RangeError(`Not an image size: ${width}x${height}`);
  const target = Math.log(width / height);
  let best: Aspect = "1:1";
  let bestDistance = Infinity;
  for (const aspect of ASPECTS) {
    const { w, h } = ratioOf(aspect);
    const distance = Math.abs(Math.log(w / h) - target);
    if (distance < bestDistance) {
      best = aspect;
      bestDistance = distance;
    }
  }
  return best;
}
