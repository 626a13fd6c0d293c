/** A link could not be issued; the message names the reason for the log, never for a user. */
export class LinkError extends Error {
  override readonly name = "LinkError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
