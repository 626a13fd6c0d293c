import { UserError } from "../errors.js";
import type { Message } from "../i18n/translate.js";
import { frameCount } from "../workflow/frame-count.js";
import { type Aspect, RESOLUTION_TIERS, type ResolutionTier, targetSize } from "../workflow/resolution.js";

/**
 * One job's GPU cost in units: frames × pixels per frame × sampling steps, per million. Sampling time
 * grows about linearly with each of the three, so the figure ranks requests the way the GPU feels
 * them. 480p 16:9 (880×496), 5 s at 16 fps (81 frames), 6 steps = 213 units; 720p, 10 s, 6 steps =
 * 891; 720p, 10 s, 100 steps = 14,838.
 */
export function jobCost(job: { frames: number; width: number; height: number; steps: number }): number {
  return Math.ceil((job.frames * job.width * job.height * job.steps) / 1_000_000);
}

export interface CostedRequest {
  durationSeconds: number;
  fps: number;
  steps: number;
  aspect: Aspect;
  resolution: ResolutionTier;
  width: number;
  height: number;
}

export function requestCost(r: CostedRequest): number {
  return jobCost({
    frames: frameCount(r.durationSeconds, r.fps),
    width: r.width,
    height: r.height,
    steps: r.steps,
  });
}

/** The longest duration (in half seconds, up to `maxSeconds`) whose cost at `tier` fits in `max`. */
function longestThatFits(
  r: CostedRequest,
  tier: ResolutionTier,
  steps: number,
  max: number,
  maxSeconds: number,
) {
  const { width, height } = targetSize(r.aspect, tier);
  for (let d = Math.floor(maxSeconds * 2) / 2; d >= 0.5; d -= 0.5) {
    if (jobCost({ frames: frameCount(d, r.fps), width, height, steps }) <= max) return d;
  }
  return undefined;
}

/**
 * The refusal for a request over the per-video maximum: the cost, the limit, and what would fit at each
 * resolution with the same steps (and with the default steps, when more were asked for).
 */
export function costRefusal(
  r: CostedRequest,
  max: number,
  defaults: { steps: number; maxSeconds: number },
): { cost: number; refusal: Message<"error.COST_TOO_HIGH"> } {
  const cost = requestCost(r);
  const fits = (steps: number): Message[] =>
    RESOLUTION_TIERS.flatMap((tier): Message[] => {
      const d = longestThatFits(r, tier, steps, max, Math.min(r.durationSeconds, defaults.maxSeconds));
      return d === undefined ? [] : [{ key: "cost.fit", params: { tier, seconds: d } }];
    }).reverse();
  const fitList = (messages: Message[]) => ({ messages, join: "; " });
  const advice: Message[] = [];
  const same = fits(r.steps);
  if (same.length > 0)
    advice.push({ key: "cost.sameSteps", params: { steps: r.steps, fits: fitList(same) } });
  if (r.steps > defaults.steps) {
    const fewer = fits(defaults.steps);
    if (fewer.length > 0) {
      advice.push({ key: "cost.defaultSteps", params: { steps: defaults.steps, fits: fitList(fewer) } });
    }
  }
  if (advice.length === 0) advice.push({ key: "cost.nothingFits", params: {} });
  return {
    cost,
    refusal: { key: "error.COST_TOO_HIGH", params: { cost, max, advice: { messages: advice, join: " " } } },
  };
}

/** Throws a COST_TOO_HIGH UserError when the request costs more than `max` (0 = no limit). */
export function refuseIfTooCostly(
  r: CostedRequest,
  max: number,
  defaults: { steps: number; maxSeconds: number },
): void {
  if (max <= 0 || requestCost(r) <= max) return;
  const { key, params } = costRefusal(r, max, defaults).refusal;
  throw new UserError(key, params);
}
