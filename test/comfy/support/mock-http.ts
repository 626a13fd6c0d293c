import { MockAgent } from "undici";

export const BASE_URL = "http://127.0.0.1:8188";

/** A MockAgent that refuses every request nobody intercepted. */
export function createMockAgent(): MockAgent {
  const agent = new MockAgent();
  agent.disableNetConnect();
  return agent;
}

export interface SeenRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

/** Records what reached an interceptor, so tests can assert on it. */
export function requestLog() {
  const seen: SeenRequest[] = [];
  return {
    seen,
    record(opts: { method: string; path: string; headers?: unknown; body?: unknown }): void {
      const headers = Object.fromEntries(
        Object.entries((opts.headers ?? {}) as Record<string, string>).map(([k, v]) => [
          k.toLowerCase(),
          String(v),
        ]),
      );
      const body = typeof opts.body === "string" ? (JSON.parse(opts.body) as unknown) : opts.body;
      seen.push({ method: opts.method, path: opts.path, headers, body });
    },
  };
}
