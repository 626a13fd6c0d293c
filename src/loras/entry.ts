import { createHash } from "node:crypto";

/**
 * What a user can pick: both halves of a high/low pair, a high or low file without its partner, or a
 * general LoRA that is applied to both experts.
 */
export type LoraKind = "pair" | "high" | "low" | "general";

export interface LoraEntry {
  /** Stable short id (≤ 100 chars) used as the autocomplete value; derived from the file names. */
  readonly key: string;
  readonly kind: LoraKind;
  /** Unique (case-insensitive) readable name: no folder, no extension, no high/low marker for pairs. */
  readonly name: string;
  /** The server's file names, exactly as listed: one, or two for a pair (high first). */
  readonly files: readonly string[];
  /** The file for the high-noise expert, if any (a general LoRA serves both experts). */
  readonly high: string | undefined;
  /** The file for the low-noise expert, if any. */
  readonly low: string | undefined;
}

export const kindLabels: Record<LoraKind, string> = {
  pair: "high+low",
  high: "high only",
  low: "low only",
  general: "general",
};

/**
 * `~` + 10 base36 digits of SHA-256 over the file names: 51 bits, stable across restarts and refreshes
 * as long as the entry's files do not change. The `~` keeps keys apart from names a user would type.
 */
export function entryKey(files: readonly string[]): string {
  const digest = createHash("sha256").update(files.join("\n")).digest();
  const value = digest.readBigUInt64BE(0) >> 13n;
  return `~${value.toString(36).padStart(10, "0")}`;
}
