import type { ObjectInfo } from "../comfy/object-info.js";
import { installFix, REQUIRED_CLASSES } from "../workflow/server-plan.js";
import { andList, fail, pass, warn, type CheckLine } from "./check.js";

const WARPER = "AspectRatioResolution_Warper";
/** Writes a too-big video again smaller when there is no link server (jobs/shrink-on-server.ts). */
const LOAD_VIDEO = "VHS_LoadVideo";

/** The node classes the workflow needs: one ✗ per pack to install, or one ✓. Sage attention is checked apart. */
export function checkNodeClasses(info: ObjectInfo): CheckLine[] {
  const missingByFix = new Map<string, string[]>();
  for (const classType of REQUIRED_CLASSES.filter((c) => !info[c])) {
    const fix = installFix(classType, info);
    missingByFix.set(fix, [...(missingByFix.get(fix) ?? []), classType]);
  }
  if (missingByFix.size > 0) {
    return [...missingByFix].map(([fix, classes]) =>
      fail(`node ${classes.length === 1 ? "class" : "classes"} ${andList(classes)} missing`, fix),
    );
  }
  const optional = info[WARPER]
    ? `, plus ${WARPER}`
    : ` (${WARPER} is absent, so the bot writes the video size itself: same result)`;
  const lines = [pass(`node classes: all ${REQUIRED_CLASSES.length} the workflow needs${optional}`)];
  if (!info[LOAD_VIDEO]) {
    lines.push(
      warn(
        `${LOAD_VIDEO} missing: a video too big for a channel, even compact, cannot be written again smaller`,
        "update ComfyUI-VideoHelperSuite (Kosinkadink/ComfyUI-VideoHelperSuite), or set PUBLIC_BASE_URL so such videos are sent as links",
      ),
    );
  }
  return lines;
}
