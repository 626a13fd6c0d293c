import { type Phase, phases } from "./phases.js";

/** Milliseconds per work unit of each phase. */
export type PhaseCosts = Record<Phase, number>;

/**
 * Starting guesses for a 2-GPU DisTorch2 box with Q6_K experts, so the first job's bar moves sensibly
 * before anything was measured: about 60 s to load, a few seconds to encode, and roughly 5 s per sampling
 * step for 81 frames at 832×480 (32 megapixel-frames).
 */
export const defaultPhaseCosts: PhaseCosts = {
  loading: 60_000,
  encoding: 4_000,
  conditioning: 150,
  high_noise: 160,
  low_noise: 160,
  decoding: 600,
  combining: 40,
};

/** Blends what a finished job measured into the costs, so estimates follow the real hardware. */
export function learnPhaseCosts(
  current: PhaseCosts,
  measured: Partial<Record<Phase, { ms: number; units: number }>>,
  weight = 0.3,
): PhaseCosts {
  const next = { ...current };
  for (const phase of phases) {
    const m = measured[phase];
    if (!m || m.units <= 0 || !Number.isFinite(m.ms) || m.ms < 0) continue;
    next[phase] = current[phase] * (1 - weight) + (m.ms / m.units) * weight;
  }
  return next;
}
