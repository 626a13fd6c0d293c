/**
 * Hides secrets in anything about to be printed: log lines, error messages and stacks, `doctor` output.
 * Two rules: values under secret-sounding keys (at any depth) go, and secret-shaped text inside strings
 * goes (webhook and interaction tokens in URLs, Bot/Bearer credentials, Discord bot tokens, user:pass@
 * in URLs), keeping the rest of the text for debugging.
 */
export const censor = "[redacted]";

const secretKey = /(?:token|authorization|password|passwd|secret|api[-_]?key|cookie)$/i;

const textRules: [RegExp, string][] = [
  // discord.js errors put webhook and interaction tokens in their URL.
  [/(\/(?:webhooks|interactions)\/[^/?#\s]+\/)[^/?#\s"'`]+/g, `$1${censor}`],
  [/\b(Bot|Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, `$1 ${censor}`],
  [/((?:authorization|x-api-key)["']?\s*[:=]\s*["']?)[^\s"',}]+/gi, `$1${censor}`],
  // A Discord bot token: base64 user id, a timestamp part and an HMAC part.
  [/\b[MNO][A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{10,}/g, censor],
  // user:pass@ (or a lone user@) in a URL with a scheme.
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^/\s@?#]+@/gi, `$1${censor}@`],
];

export function redactText(text: string): string {
  return textRules.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}

export function isSecretKey(key: string): boolean {
  return secretKey.test(key);
}

/** A copy of `value` with secret keys censored and every string passed through `redactText`. */
export function redactDeep(value: unknown, ancestors: object[] = []): unknown {
  if (typeof value === "string") return redactText(value);
  if (value instanceof URL) return redactText(value.href);
  if (value instanceof Date) return value.toISOString();
  if (value === null || typeof value !== "object") return value;
  // Only a loop is circular; the same object twice in a list is printed twice.
  if (ancestors.includes(value) || ancestors.length > 20) return "[circular]";
  const inside = [...ancestors, value];
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, inside));
  if (Buffer.isBuffer(value)) return `[${value.length} bytes]`;
  const source = value instanceof Error ? errorFields(value) : (value as Record<string, unknown>);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(source)) {
    out[key] = isSecretKey(key) && v !== undefined && v !== null ? censor : redactDeep(v, inside);
  }
  return out;
}

/** An error as plain fields (pino's shape: type, message, stack, its own fields, the cause). */
function errorFields(error: Error): Record<string, unknown> {
  return {
    type: error.constructor.name,
    message: error.message,
    stack: error.stack,
    ...Object.fromEntries(Object.entries(error)),
    ...(error.cause !== undefined ? { cause: error.cause } : {}),
  };
}
