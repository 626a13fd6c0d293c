/**
 * An expected failure whose message is written for the person who caused it. Only these reach users
 * as text; anything else is internal and is shown as a correlation id.
 */
export class UserError extends Error {
  override readonly name = "UserError";
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
