import pino, { type DestinationStream, type Logger } from "pino";
import { pinoPrettyPath, prettyDestination, prettyMissing } from "./log-pretty.js";
import { redactDeep, redactText } from "./redact.js";

export type { Logger };

/** A URL (or any text) with its webhook or interaction token and credentials replaced. */
export const hideUrlSecrets = redactText;

/**
 * Every argument of every log call, and every child binding, goes through `redactDeep`: secret keys at
 * any depth, and secrets inside strings (messages, error messages and stacks, URLs). Fixed-depth
 * redaction paths missed a token nested one level deeper than listed.
 */
const redacting = {
  hooks: {
    logMethod(this: Logger, args: unknown[], method: (...a: unknown[]) => void) {
      const [first, ...rest] = args;
      const head = first instanceof Error ? { err: redactDeep(first) } : redactDeep(first);
      const tail = rest.map((a) => redactDeep(a));
      if (first instanceof Error && tail.length === 0) tail.push(redactText(first.message));
      method.apply(this, [head, ...tail]);
    },
  },
};

/** Child bindings (e.g. `logger.child({ job })`) skip the log-method hook, so they are redacted here. */
function redactChildren(logger: Logger): Logger {
  const child = logger.child;
  logger.child = function (this: Logger, bindings, options) {
    return child.call(this, redactDeep(bindings) as typeof bindings, options);
  } as typeof child;
  return logger;
}

export interface LoggerOptions {
  level?: string;
  /** Where JSON lines go; tests pass a sink. Default: stdout, pretty when it is a terminal. */
  destination?: DestinationStream;
  /** Human-readable lines. Default: only when there is no `destination` and stdout is a terminal. */
  pretty?: boolean;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const base = {
    level: options.level ?? "info",
    ...redacting,
  };
  if (options.destination) {
    const pretty = options.pretty === true ? prettyDestination(options.destination) : undefined;
    const logger = redactChildren(pino(base, pretty ?? options.destination));
    if (options.pretty === true && !pretty) logger.warn(prettyMissing);
    return logger;
  }
  const pretty = options.pretty ?? process.stdout.isTTY === true;
  const target = pretty ? pinoPrettyPath() : undefined;
  if (target) {
    return redactChildren(
      pino({ ...base, transport: { target, options: { colorize: true, destination: 1 } } }),
    );
  }
  const logger = redactChildren(pino(base));
  if (options.pretty === true) logger.warn(prettyMissing);
  return logger;
}
