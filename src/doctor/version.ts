import type { SystemStats } from "../comfy/schemas.js";
import { pass, warn, type CheckLine } from "./check.js";

/** The first release with client prompt ids and `progress_state` (PROTOCOL.md §9). */
export const MIN_COMFYUI_VERSION = "0.3.45";

const UPDATE =
  `update ComfyUI to ${MIN_COMFYUI_VERSION} or newer: older servers ignore the bot's prompt_id ` +
  "and send no progress_state, so progress and recovery are coarser";

/** `[major, minor, patch]` of "0.3.64" / "v0.3.64-12-gabc"; undefined when it is no version. */
export function parseVersion(text: string): [number, number, number] | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(text.trim());
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
}

export function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return Math.sign(diff);
  }
  return 0;
}

/** ComfyUI's version from `/system_stats`; too old or unknown is a warning, not a failure. */
export function checkVersion(stats: SystemStats): CheckLine {
  const reported = stats.system.comfyui_version;
  if (reported === undefined) return warn("ComfyUI version not reported (older than 0.3.45?)", UPDATE);
  const version = parseVersion(reported);
  const minimum = parseVersion(MIN_COMFYUI_VERSION) ?? [0, 0, 0];
  if (!version) return warn(`ComfyUI version "${reported}" is not a version number`, UPDATE);
  if (compareVersions(version, minimum) < 0)
    return warn(`ComfyUI ${reported} is older than ${MIN_COMFYUI_VERSION}`, UPDATE);
  return pass(`ComfyUI ${reported}`);
}
