import { isComfyError } from "../comfy/errors.js";
import { isUserError } from "../errors.js";
import { isTransient, retryDelayMs } from "./retry-policy.js";

/** What to do with a job whose attempt failed. */
export type FailureDecision =
  /** The server restarted and lost it: back in line at once, and the user is told. */
  | { action: "requeue" }
  /** A blip (a 5xx, a timeout, a dropped connection): try again quietly after a pause. */
  | { action: "retry"; afterMs: number }
  /** For good. `expected`: the error is one the user can act on (its sentence is shown). */
  | { action: "fail"; expected: boolean };

/**
 * The failure policy, pure: the error and how often the job was sent to a server decide. A failure
 * that says nothing about the job itself should not cost a user their video while attempts are left.
 */
export function decideFailure(error: unknown, attempts: number, maxAttempts: number): FailureDecision {
  const attemptsLeft = attempts < maxAttempts;
  if (attemptsLeft && isComfyError(error, "LOST")) return { action: "requeue" };
  if (attemptsLeft && isTransient(error)) return { action: "retry", afterMs: retryDelayMs(attempts) };
  return { action: "fail", expected: isUserError(error) };
}
