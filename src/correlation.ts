import { randomBytes } from "node:crypto";

/** A short id that ties what a user sees to the full error in the log. */
export function newCorrelationId(): string {
  return randomBytes(4).toString("hex");
}
