/** One doctor line: passed, failed (with the fix), or a warning that does not fail the run (with a fix). */
export interface CheckLine {
  ok: boolean | "warn";
  label: string;
  fix?: string;
}

/** The lines about one thing checked: a ComfyUI server (titled by its URL) or Discord. */
export interface CheckGroup {
  title: string;
  lines: CheckLine[];
}

export const pass = (label: string): CheckLine => ({ ok: true, label });
export const fail = (label: string, fix: string): CheckLine => ({ ok: false, label, fix });
export const warn = (label: string, fix: string): CheckLine => ({ ok: "warn", label, fix });

/** "a", "a and b", "a, b and c". */
export function andList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}
