import type { FailRule, RateLimitHit, RateLimitRule, RouteMatcher } from "./index.js";

export interface LimitAnswer {
  status: number;
  headers: Record<string, string>;
  json: unknown;
}

export function rateLimitAnswer(
  retryAfterMs: number,
  opts: { limit: number; bucket: string; global: boolean; scope: "user" | "shared" | "global" },
): LimitAnswer {
  const seconds = retryAfterMs / 1000;
  const headers: Record<string, string> = {
    "retry-after": String(seconds),
    "x-ratelimit-limit": String(opts.limit),
    "x-ratelimit-remaining": "0",
    "x-ratelimit-reset": String((Date.now() + retryAfterMs) / 1000),
    "x-ratelimit-reset-after": String(seconds),
    "x-ratelimit-bucket": opts.bucket,
    "x-ratelimit-scope": opts.scope,
  };
  if (opts.global) headers["x-ratelimit-global"] = "true";
  return {
    status: 429,
    headers,
    json: { message: "You are being rate limited.", retry_after: seconds, global: opts.global },
  };
}

interface Armed<T> {
  rule: T;
  remaining: number;
}

/** Failures a test asks for: the next `times` matching requests get a 429 or an error status. */
export class InjectedFaults {
  private readonly rateLimits: Armed<RateLimitRule>[] = [];
  private readonly failures: Armed<FailRule>[] = [];

  rateLimit(rule: RateLimitRule): void {
    this.rateLimits.push({ rule, remaining: rule.times ?? 1 });
  }

  fail(rule: FailRule): void {
    this.failures.push({ rule, remaining: rule.times ?? 1 });
  }

  clear(): void {
    this.rateLimits.length = 0;
    this.failures.length = 0;
  }

  /** Consumes one armed fault matching the request, if any. */
  take(method: string, path: string): LimitAnswer | null {
    const limited = consume(this.rateLimits, method, path);
    if (limited) {
      const global = limited.global ?? false;
      return rateLimitAnswer(limited.retryAfterMs ?? 500, {
        limit: 5,
        bucket: "injected",
        global,
        scope: global ? "global" : "user",
      });
    }
    const failure = consume(this.failures, method, path);
    if (!failure) return null;
    const message = failure.message ?? `${failure.status}: injected failure`;
    return { status: failure.status, headers: {}, json: { message, code: failure.code ?? 0 } };
  }
}

function consume<T extends RouteMatcher>(armed: Armed<T>[], method: string, path: string): T | null {
  const hit = armed.find(
    (a) => a.remaining > 0 && (!a.rule.method || a.rule.method === method) && a.rule.route.test(path),
  );
  if (!hit) return null;
  hit.remaining -= 1;
  return hit.rule;
}

interface Bucket {
  name: string;
  key: string;
  limit: number;
  windowMs: number;
}

/** Undocumented but observed per-route limits (NOTES.md §1.6); interaction callbacks are exempt. */
export function bucketsFor(method: string, path: string, auth: "bot" | "none"): Bucket[] {
  const buckets: Bucket[] = [];
  if (auth === "bot") buckets.push({ name: "global", key: "global", limit: 50, windowMs: 1_000 });
  const channel = /^\/channels\/(\d+)\/messages(?:\/\d+)?$/.exec(path);
  if (channel && (method === "POST" || method === "PATCH")) {
    buckets.push({ name: "channel-messages", key: `channel:${channel[1]}`, limit: 5, windowMs: 5_000 });
  }
  const webhook = /^\/webhooks\/(\d+)\/([^/]+)/.exec(path);
  if (webhook && method !== "GET")
    buckets.push({ name: "webhook", key: `webhook:${webhook[2]}`, limit: 5, windowMs: 2_000 });
  return buckets;
}

/** Fixed windows per bucket key; records every request Discord would have answered with 429. */
export class RealisticLimiter {
  readonly hits: RateLimitHit[] = [];
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly mode: "record" | "enforce" | "off",
    private readonly now: () => number,
  ) {}

  /** Counts the request; returns a 429 in enforce mode, and the headers to send otherwise. */
  check(
    method: string,
    path: string,
    auth: "bot" | "none",
  ): { reject: LimitAnswer | null; headers: Record<string, string> } {
    const headers: Record<string, string> = {};
    if (this.mode === "off") return { reject: null, headers };
    for (const bucket of bucketsFor(method, path, auth)) {
      const at = this.now();
      let window = this.windows.get(bucket.key);
      if (!window || at >= window.resetAt) {
        window = { count: 0, resetAt: at + bucket.windowMs };
        this.windows.set(bucket.key, window);
      }
      const resetAfterMs = window.resetAt - at;
      if (window.count >= bucket.limit) {
        this.hits.push({
          at,
          method,
          path,
          bucket: bucket.key,
          limit: bucket.limit,
          windowMs: bucket.windowMs,
        });
        if (this.mode === "enforce") {
          const global = bucket.name === "global";
          const answer = rateLimitAnswer(resetAfterMs, {
            limit: bucket.limit,
            bucket: bucket.name,
            global,
            scope: global ? "global" : "user",
          });
          return { reject: answer, headers };
        }
      }
      window.count += 1;
      if (this.mode === "enforce" && bucket.name !== "global") {
        headers["x-ratelimit-limit"] = String(bucket.limit);
        headers["x-ratelimit-remaining"] = String(Math.max(0, bucket.limit - window.count));
        headers["x-ratelimit-reset-after"] = String(resetAfterMs / 1000);
        headers["x-ratelimit-bucket"] = bucket.name;
      }
    }
    return { reject: null, headers };
  }
}
