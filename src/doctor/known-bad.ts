import type { ObjectInfo } from "../comfy/object-info.js";
import type { BuildSettings } from "../workflow/build.js";
import { knownProblems } from "../workflow/known-problems.js";
import { fail, pass, warn, type CheckLine } from "./check.js";

/**
 * A 14B expert beside the Wan 2.2 5B VAE cannot produce a video, so that one fails the run; the other
 * known problems are likely-but-unproven (a converted T5 file works), so they stay warnings.
 */
const isCertainFailure = (problem: string) => problem.startsWith("VAE_NAME=");

/** "What is wrong. What to do." → label and fix; the fix is the last sentence (or clause). */
function split(problem: string): { label: string; fix: string } {
  const text = problem.replace(/\.$/, "");
  const at = text.lastIndexOf(". ") >= 0 ? text.lastIndexOf(". ") : text.lastIndexOf("; ");
  if (at < 0) return { label: text, fix: "see the label" };
  const fix = text.slice(at + 2);
  return { label: text.slice(0, at), fix: `${fix.charAt(0).toLowerCase()}${fix.slice(1)}` };
}

/** Combinations that pass validation but are known to fail or misbehave at run time. */
export function checkKnownProblems(info: ObjectInfo, settings: BuildSettings): CheckLine[] {
  const problems = knownProblems(info, settings);
  if (problems.length === 0) return [pass("no known-bad combination (VAE, text encoder, virtual VRAM)")];
  return problems.map((problem) => {
    const { label, fix } = split(problem);
    return isCertainFailure(problem) ? fail(label, fix) : warn(label, fix);
  });
}
