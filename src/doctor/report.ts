import type { CheckGroup, CheckLine } from "./check.js";

const MARK = { pass: "✓", fail: "✗", warn: "⚠" } as const;

const kind = (line: CheckLine) => (line.ok === true ? "pass" : line.ok === false ? "fail" : "warn");

/** Warnings are printed but do not fail the run: only a ✗ does. */
export const exitCode = (groups: readonly CheckGroup[]): number =>
  groups.some((g) => g.lines.some((l) => l.ok === false)) ? 1 : 0;

function formatLine(line: CheckLine): string {
  const head = `  ${MARK[kind(line)]} ${line.label}`;
  if (line.ok === true || !line.fix) return head;
  // A multi-line fix (the Discord setup help) is indented under its line.
  const [first, ...rest] = line.fix.split("\n");
  return [`${head} — ${first ?? ""}`, ...rest.map((l) => (l ? `      ${l}` : ""))].join("\n");
}

/** One heading per server (its URL) and for Discord, one line per check, then a one-line verdict. */
export function formatText(groups: readonly CheckGroup[]): string {
  const lines = groups.flatMap((g) => g.lines);
  const failed = lines.filter((l) => l.ok === false).length;
  const warned = lines.filter((l) => l.ok === "warn").length;
  const verdict =
    failed > 0
      ? `${failed} ${failed === 1 ? "check" : "checks"} failed${warned > 0 ? `, ${warned} ${warned === 1 ? "warning" : "warnings"}` : ""}.`
      : warned > 0
        ? `No failures, ${warned} ${warned === 1 ? "warning" : "warnings"}.`
        : "All checks passed.";
  const body = groups.map((g) => [g.title, ...g.lines.map(formatLine)].join("\n"));
  return `${[...body, verdict].join("\n\n")}\n`;
}

/** The same report for scripts: `{ ok, groups: [{ title, lines: [{ ok, label, fix? }] }] }`. */
export function formatJson(groups: readonly CheckGroup[]): string {
  return `${JSON.stringify({ ok: exitCode(groups) === 0, groups }, null, 2)}\n`;
}
