/** How a finished video reaches the channel. */
export type DeliveryChoice = { kind: "attach"; which: "full" | "compact" } | { kind: "link" };

/**
 * The full video when it fits the upload limit Discord gave this interaction, else the compact encode
 * when that fits, else a link (which always serves the full quality).
 */
export function chooseDelivery(
  sizes: { full: number; compact?: number | undefined },
  limitBytes: number,
): DeliveryChoice {
  if (sizes.full <= limitBytes) return { kind: "attach", which: "full" };
  if (sizes.compact !== undefined && sizes.compact <= limitBytes) return { kind: "attach", which: "compact" };
  return { kind: "link" };
}
