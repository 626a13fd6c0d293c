/** An encode as it was measured on disk. */
export interface MeasuredEncode {
  size: number;
  crf: number;
  width: number;
  height: number;
}

export interface ShrinkSettings {
  crf: number;
  width: number;
  height: number;
}

/** Above this CRF x264 smears faces and text; below that, a smaller frame looks better than more CRF. */
export const highestUsefulCrf = 40;
/** Aim under the limit: the size model is a rule of thumb, and the container adds a little. */
const headroom = 0.85;
/** VideoHelperSuite's custom_width / custom_height step. */
const sizeStep = 8;
const smallestEdge = 64;

const toStep = (n: number) => Math.max(smallestEdge, Math.floor(n / sizeStep) * sizeStep);

/**
 * The CRF and frame size that should bring `measured` under `limitBytes`, by x264's rule of thumb: the
 * file halves for every 6 CRF steps and shrinks with the pixel count. The CRF goes up first (to
 * `highestUsefulCrf`), then the frame gets smaller, keeping its aspect. Undefined when even the
 * smallest sensible frame would not fit.
 */
export function shrinkSettings(measured: MeasuredEncode, limitBytes: number): ShrinkSettings | undefined {
  const ratio = (limitBytes * headroom) / measured.size;
  if (ratio >= 1) return { crf: measured.crf, width: measured.width, height: measured.height };
  const crf = Math.min(
    highestUsefulCrf,
    Math.max(measured.crf, Math.ceil(measured.crf - 6 * Math.log2(ratio))),
  );
  const left = ratio * 2 ** ((crf - measured.crf) / 6);
  if (left >= 1) return { crf, width: measured.width, height: measured.height };
  const scale = Math.sqrt(left);
  const width = toStep(measured.width * scale);
  const height = toStep(measured.height * scale);
  const reached = (width * height) / (measured.width * measured.height);
  if (reached > left * 1.05) return undefined;
  return { crf, width, height };
}
