import type { ObjectInfo } from "../comfy/object-info.js";
import type { SystemStats } from "../comfy/schemas.js";
import { comboStrings, SAGE_OFF } from "../workflow/server-plan.js";
import { fail, pass, warn, type CheckLine } from "./check.js";

const SAGE = "PathchSageAttentionKJ";
const KJNODES = "install ComfyUI-KJNodes (kijai/ComfyUI-KJNodes)";

/** The pip package a mode needs; the two sageattn3 modes need the Blackwell build. */
const packageFor = (mode: string) => (mode.startsWith("sageattn3") ? "sageattn3" : "sageattention");

/**
 * Sage attention: the patch node and the configured mode can be seen in object_info; the pip package
 * cannot, except that ComfyUI refuses to start with `--use-sage-attention` when it is missing.
 */
export function checkSageAttention(info: ObjectInfo, stats: SystemStats, mode: string): CheckLine {
  if (SAGE_OFF.has(mode.toLowerCase())) return pass(`sage attention off (SAGE_ATTENTION=${mode})`);
  const globalFlag = stats.system.argv?.includes("--use-sage-attention") === true;
  const modes = comboStrings(info, SAGE, "sage_attention");
  if (!modes) {
    if (globalFlag) {
      return pass(
        `sage attention on for the whole server (--use-sage-attention); ${SAGE} is not installed, so the bot leaves it out`,
      );
    }
    return warn(
      `${SAGE} missing: videos render without sage attention (slower)`,
      `${KJNODES} and pip install ${packageFor(mode)} in ComfyUI's Python, or set SAGE_ATTENTION=disabled`,
    );
  }
  if (!modes.includes(mode)) {
    return fail(
      `SAGE_ATTENTION=${mode} is not a mode of ${SAGE}`,
      `set SAGE_ATTENTION to one of: ${modes.join(", ")}`,
    );
  }
  const pkg = packageFor(mode);
  if (globalFlag && pkg === "sageattention") {
    return pass(
      `${SAGE} offers SAGE_ATTENTION=${mode}; the sageattention package is installed (ComfyUI runs with --use-sage-attention)`,
    );
  }
  return pass(
    `${SAGE} offers SAGE_ATTENTION=${mode} (the ${pkg} pip package must be installed on the server; it cannot be seen from here)`,
  );
}
