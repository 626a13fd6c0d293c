/** Wan's VAE packs 4 frames per latent step after the first, so a clip has 4n+1 frames. */
export const MIN_FRAMES = 5;

/** The 4n+1 frame count nearest to `durationSeconds × fps` (ties go up), at least `MIN_FRAMES`. */
export function frameCount(durationSeconds: number, fps: number): number {
  if (!(durationSeconds > 0 && fps > 0)) {
    throw new RangeError(`Duration and fps must be positive (got ${durationSeconds} s at ${fps} fps)`);
  }
  const n = Math.round((durationSeconds * fps - 1) / 4);
  return Math.max(MIN_FRAMES, 4 * n + 1);
}
