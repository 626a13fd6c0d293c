import type { PromptEvent } from "../comfy/events.js";
import { type PhaseCosts, defaultPhaseCosts } from "./phase-costs.js";
import {
  type Phase,
  type Stage,
  type Workload,
  phaseLabels,
  loadWeightOfNode,
  phaseOfNode,
  phaseUnits,
  phases,
  stageOfNode,
  stageRank,
} from "./phases.js";

export interface ProgressSnapshot {
  /** 0–100, never lower than an earlier snapshot of the same job. */
  percent: number;
  /** What the run is doing; never an earlier stage than one shown before. */
  phase: Stage;
  label: string;
  /** Estimated milliseconds left; undefined until the job has started. */
  etaMs: number | undefined;
  /** Set while the prompt waits in ComfyUI's own queue: how many prompts (anyone's) are ahead of it. */
  ahead?: number | undefined;
  /** Set while the prompt is held back because one of ours already waits in that server's queue. */
  held?: boolean | undefined;
}

export interface ProgressOptions {
  /** The node ids of the prompt that was queued. */
  nodes: string[];
  workload: Workload;
  costs?: PhaseCosts;
  /** The costs were measured on this server (not the starting guesses): trust them over early speed. */
  learned?: boolean;
  now?: () => number;
}

/** Phases without step events advance with time, but never past this share until they end. */
const timeBasedCap = 0.9;

/**
 * One overall percentage across the phases of a DisTorch2 run, each weighted by its expected duration.
 * Phases need not run in order (ComfyUI loads the low-noise expert after the high-noise pass), so each
 * phase keeps its own fraction and the total only grows.
 */
export function createProgress(options: ProgressOptions) {
  const now = options.now ?? Date.now;
  const costs = options.costs ?? defaultPhaseCosts;
  const units = phaseUnits(options.workload);
  const expectedMs = Object.fromEntries(phases.map((p) => [p, costs[p] * units[p]])) as Record<Phase, number>;
  const totalMs = phases.reduce((sum, p) => sum + expectedMs[p], 0) || 1;

  const nodeWeight = (node: string) => (phaseOfNode(node) === "loading" ? loadWeightOfNode(node) : 1);
  const phaseNodes = new Map<Phase, string[]>();
  for (const node of options.nodes) {
    const phase = phaseOfNode(node);
    if (phase) phaseNodes.set(phase, [...(phaseNodes.get(phase) ?? []), node]);
  }

  const doneNodes = new Set<string>();
  /** Nodes ComfyUI served from its cache: their share is done, but took no time. */
  const cachedNodes = new Set<string>();
  const stepFraction = new Map<string, number>();
  const spentMs: Partial<Record<Phase, number>> = {};
  let current: { node: string; phase: Phase; since: number } | undefined;
  let startedAt: number | undefined;
  let finished = false;
  let lastPercent = 0;
  let lastStage: Stage = "loading";

  function nodeFraction(node: string, at: number): number {
    if (doneNodes.has(node)) return 1;
    const steps = stepFraction.get(node);
    if (steps !== undefined) return steps;
    if (current?.node === node) {
      const phase = current.phase;
      const expected = expectedMs[phase] / Math.max(1, phaseNodes.get(phase)?.length ?? 1);
      return Math.min(timeBasedCap, (at - current.since) / Math.max(1, expected));
    }
    return 0;
  }

  function phaseFraction(phase: Phase, at: number): number {
    const nodes = phaseNodes.get(phase);
    if (!nodes?.length) return finished ? 1 : 0;
    const total = nodes.reduce((s, n) => s + nodeWeight(n), 0);
    return nodes.reduce((s, n) => s + nodeWeight(n) * nodeFraction(n, at), 0) / total;
  }

  function finishCurrent(at: number) {
    if (!current) return;
    doneNodes.add(current.node);
    spentMs[current.phase] = (spentMs[current.phase] ?? 0) + (at - current.since);
    current = undefined;
  }

  /** Expected milliseconds of the nodes served from cache. */
  function cachedMs(): number {
    let sum = 0;
    for (const [phase, nodes] of phaseNodes) {
      const total = nodes.reduce((s, n) => s + nodeWeight(n), 0);
      const cached = nodes.filter((n) => cachedNodes.has(n)).reduce((s, n) => s + nodeWeight(n), 0);
      if (total > 0) sum += (expectedMs[phase] * cached) / total;
    }
    return sum;
  }

  function stageNow(at: number): Stage {
    if (finished) return "combining";
    const stage =
      (current ? stageOfNode(current.node) : undefined) ??
      phases.find((p) => phaseFraction(p, at) < 1) ??
      "combining";
    if (stageRank(stage) > stageRank(lastStage)) lastStage = stage;
    return lastStage;
  }

  function eta(at: number, doneMs: number): number | undefined {
    if (finished) return 0;
    if (startedAt === undefined) return undefined;
    const remaining = totalMs - doneMs;
    const skipped = cachedMs();
    const ranMs = doneMs - skipped;
    const toRunMs = totalMs - skipped;
    if (ranMs <= toRunMs * 0.05) return Math.round(remaining);
    // How fast this server has been in this job, against the estimate. Learned costs already describe
    // this server, so early in the run they count for more than a few seconds of speed.
    const observed = Math.min(10, Math.max(0.1, (at - startedAt) / ranMs));
    const trust = options.learned ? Math.min(1, ranMs / toRunMs) : 1;
    return Math.max(0, Math.round(remaining * (1 + (observed - 1) * trust)));
  }

  function snapshot(): ProgressSnapshot {
    const at = now();
    const doneMs = phases.reduce((sum, p) => sum + expectedMs[p] * (finished ? 1 : phaseFraction(p, at)), 0);
    // Work served from ComfyUI's cache takes no time, so it is left out of the bar as well.
    const skipped = cachedMs();
    const toRunMs = totalMs - skipped;
    const raw = finished ? 100 : toRunMs < 1 ? 99 : Math.min(99, ((doneMs - skipped) / toRunMs) * 100);
    lastPercent = Math.max(lastPercent, Math.floor(raw));
    const phase = stageNow(at);
    return { percent: lastPercent, phase, label: phaseLabels[phase], etaMs: eta(at, doneMs) };
  }

  /** True while a node without step events runs: the bar then moves with time alone. */
  function timeDriven(): boolean {
    return current !== undefined && !stepFraction.has(current.node);
  }

  function onEvent(event: PromptEvent): void {
    const at = now();
    switch (event.type) {
      case "started":
        startedAt ??= at;
        break;
      case "cached":
        startedAt ??= at;
        for (const node of event.nodes) {
          doneNodes.add(node);
          cachedNodes.add(node);
        }
        break;
      case "executing": {
        startedAt ??= at;
        finishCurrent(at);
        const phase = phaseOfNode(event.node);
        if (phase) current = { node: event.node, phase, since: at };
        break;
      }
      case "progress":
        if (event.max > 0) {
          const previous = stepFraction.get(event.node) ?? 0;
          stepFraction.set(event.node, Math.max(previous, Math.min(1, event.value / event.max)));
        }
        break;
      case "executed":
        if (current?.node === event.node) finishCurrent(at);
        else doneNodes.add(event.node);
        break;
      default:
        break;
    }
  }

  function complete(): ProgressSnapshot {
    finishCurrent(now());
    finished = true;
    return snapshot();
  }

  /** What this job measured per phase, for learnPhaseCosts. */
  function measurements(): Partial<Record<Phase, { ms: number; units: number }>> {
    const out: Partial<Record<Phase, { ms: number; units: number }>> = {};
    for (const phase of phases) {
      const ms = spentMs[phase];
      // Only the share of the phase that really ran (not served from cache) took this time.
      const nodes = phaseNodes.get(phase) ?? [];
      const total = nodes.reduce((s, n) => s + nodeWeight(n), 0);
      const ran = nodes.filter((n) => !cachedNodes.has(n)).reduce((s, n) => s + nodeWeight(n), 0);
      const share = total > 0 ? ran / total : 1;
      if (ms !== undefined && units[phase] * share > 0) out[phase] = { ms, units: units[phase] * share };
    }
    return out;
  }

  return { onEvent, snapshot, complete, measurements, timeDriven };
}
