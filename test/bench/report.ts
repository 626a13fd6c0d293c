import type { BenchResult, Target } from "./result.js";

export type Status = "pass" | "MISS" | "—" | "n/a";

export interface Verdict {
  status: Status;
  /** value / target; undefined without a target, or when the target is 0. */
  ratio?: number;
  /** How far past the target a missed figure is, in the figure's unit. */
  missedBy?: number;
}

/** Whether a figure meets its target: "—" without one, "n/a" when it could not be measured. */
export function judge(result: BenchResult): Verdict {
  const { target, value } = result;
  if (!target) return { status: "—" };
  if (!Number.isFinite(value)) return { status: "n/a" };
  const ratio = target.value === 0 ? undefined : value / target.value;
  const met =
    target.op === "<"
      ? value < target.value
      : target.op === "<="
        ? value <= target.value
        : value === target.value;
  if (met) return { status: "pass", ...(ratio === undefined ? {} : { ratio }) };
  return { status: "MISS", missedBy: value - target.value, ...(ratio === undefined ? {} : { ratio }) };
}

const formatTarget = (target: Target | undefined, unit: string) =>
  target ? `${target.op} ${target.value} ${unit}` : "";

function formatValue(value: number): string {
  if (!Number.isFinite(value)) return "n/a";
  return Math.abs(value) >= 100 ? String(Math.round(value * 10) / 10) : String(value);
}

function formatRatio(verdict: Verdict): string {
  return verdict.ratio === undefined ? "" : `${verdict.ratio.toFixed(2)}×`;
}

/** A fixed-width table (figure, value, unit, target, status, ratio to target), then the numbered notes. */
export function formatTable(results: readonly BenchResult[]): string {
  const notes: string[] = [];
  const rows = results.map((result) => {
    const verdict = judge(result);
    let name = result.name;
    if (result.note) {
      notes.push(result.note);
      name += ` [${notes.length}]`;
    }
    return [
      name,
      formatValue(result.value),
      result.unit,
      formatTarget(result.target, result.unit),
      verdict.status,
      formatRatio(verdict),
      result.vs ?? "",
    ];
  });
  const header = ["figure", "value", "unit", "target", "status", "×target", "vs peers"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 1 || i === 5 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  const misses = results.filter((r) => judge(r).status === "MISS").length;
  const withTarget = results.filter((r) => r.target).length;
  return [
    line(header),
    rule,
    ...rows.map(line),
    "",
    `${withTarget - misses} of ${withTarget} targets met${misses > 0 ? `, ${misses} missed` : ""}.`,
    ...notes.map((note, i) => `[${i + 1}] ${note}`),
  ].join("\n");
}

/** The same figures as a markdown table, for the README's Performance section. */
export function formatMarkdown(results: readonly BenchResult[]): string {
  const rows = results.map((result) => {
    const verdict = judge(result);
    const status = verdict.status === "MISS" ? "**miss**" : verdict.status;
    return `| ${result.name} | ${formatValue(result.value)} ${result.unit} | ${formatTarget(result.target, result.unit)} | ${status} | ${formatRatio(verdict)} | ${result.vs ?? ""} |`;
  });
  return [
    "| figure | value | target | status | ×target | vs peers |",
    "| --- | ---: | --- | --- | ---: | --- |",
    ...rows,
  ].join("\n");
}
