import type { ErrorKey } from "./i18n/catalogs.js";
import { type Message, type MessageParams, render } from "./i18n/translate.js";

export interface UserErrorOptions {
  cause?: unknown;
  /** Text that is not ours to translate (a server's own reason), shown after the sentence. */
  detail?: string | undefined;
}

/**
 * An expected failure for the person who caused it: a catalog key and its values, rendered in the
 * reader's language where it is shown. `message` (English) is for logs only. Anything that is not a
 * UserError is internal and reaches users only as a correlation id.
 */
export class UserError<K extends ErrorKey = ErrorKey> extends Error {
  override readonly name: string = "UserError";
  readonly key: K;
  readonly params: MessageParams<K>;
  readonly detail: string | undefined;

  constructor(key: K, params: MessageParams<K>, options: UserErrorOptions = {}) {
    const message = { key, params } as Message;
    const english = render("en", message);
    super(options.detail ? `${english} ${options.detail}` : english, { cause: options.cause });
    this.key = key;
    this.params = params;
    this.detail = options.detail;
  }

  /** The key without its section (`QUOTA_EXCEEDED`), for logs and metrics. */
  get code(): string {
    return this.key.slice(this.key.indexOf(".") + 1);
  }

  /** What is carried to where it is shown. */
  get text(): Message<ErrorKey> {
    return { key: this.key, params: this.params } as Message<ErrorKey>;
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}

/** A UserError from a message built elsewhere (an access decision, a list of problems). */
export function userErrorOf(message: Message<ErrorKey>, options?: UserErrorOptions): UserError {
  return new UserError(message.key, message.params as never, options);
}

/** One refusal that lists each problem (a sentence each) once, in the order found. */
export function problemsError(
  key: "error.INVALID_PARAMS" | "error.INVALID_OPTIONS",
  problems: readonly Message[],
  cause?: unknown,
): UserError {
  const unique = [...new Map(problems.map((m) => [JSON.stringify(m), m])).values()];
  return new UserError(key, { problems: { messages: unique, join: " " } }, { cause });
}
