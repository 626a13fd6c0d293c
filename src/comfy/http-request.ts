import { type Dispatcher, type FormData, request } from "undici";
import type { z } from "zod";

import { ComfyError, type ComfyErrorCode, snippet } from "./errors.js";

export interface HttpTarget {
  baseUrl: string;
  dispatcher?: Dispatcher | undefined;
  timeoutMs: number;
}

export interface CallOptions {
  method?: "GET" | "POST";
  json?: unknown;
  form?: FormData;
  signal?: AbortSignal | undefined;
  /** For streamed bodies: no overall deadline, only the header and between-chunk idle timeouts. */
  streamed?: boolean;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Dispatcher.ResponseData["body"];
}

/** Gateways answer these when the ComfyUI process behind them is down. */
const GATEWAY_STATUSES = new Set([502, 503, 504]);

/**
 * Sends one request and returns the raw response (any status). Network failures become UNREACHABLE and
 * slow answers TIMEOUT; an abort by the caller's own signal is rethrown as is. No Origin header is ever
 * sent: ComfyUI answers 403 when Origin and Host differ.
 */
export async function send(
  target: HttpTarget,
  path: string,
  options: CallOptions = {},
): Promise<RawResponse> {
  const method = options.method ?? "GET";
  const timeout = options.streamed ? undefined : AbortSignal.timeout(target.timeoutMs);
  const signals = [options.signal, timeout].filter((s): s is AbortSignal => s !== undefined);
  const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
  const headers: Record<string, string> = { accept: "application/json" };
  let body: string | FormData | undefined;
  if (options.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(options.json);
  } else if (options.form) {
    body = options.form;
  }
  try {
    const res = await request(`${target.baseUrl}${path}`, {
      method,
      headers,
      body,
      signal,
      ...(target.dispatcher ? { dispatcher: target.dispatcher } : {}),
      headersTimeout: target.timeoutMs,
      bodyTimeout: target.timeoutMs,
    });
    return { status: res.statusCode, headers: res.headers, body: res.body };
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    throw transportError(error, method, path, timeout?.aborted === true);
  }
}

/** Sends a request and parses a 2xx JSON body with `schema`; other statuses become ComfyErrors. */
export async function callJson<S extends z.ZodType>(
  target: HttpTarget,
  path: string,
  schema: S,
  options: CallOptions = {},
): Promise<z.output<S>> {
  const res = await send(target, path, options);
  const text = await readText(res, options, path);
  if (res.status < 200 || res.status >= 300)
    throw statusError(res.status, text, options.method ?? "GET", path);
  return parseJson(text, schema, res.status, path);
}

/** Sends a request whose 2xx answer is an empty body (ComfyUI's `web.Response(status=200)`). */
export async function callEmpty(target: HttpTarget, path: string, options: CallOptions = {}): Promise<void> {
  const res = await send(target, path, options);
  const text = await readText(res, options, path);
  if (res.status < 200 || res.status >= 300)
    throw statusError(res.status, text, options.method ?? "GET", path);
}

export async function readText(res: RawResponse, options: CallOptions, path: string): Promise<string> {
  try {
    return await res.body.text();
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    throw transportError(error, options.method ?? "GET", path, false);
  }
}

export function parseJson<S extends z.ZodType>(
  text: string,
  schema: S,
  status: number,
  path: string,
): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ComfyError("BAD_RESPONSE", {
      cause: error,
      diagnostics: { status, path, body: snippet(text) },
    });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new ComfyError("BAD_RESPONSE", {
      cause: parsed.error,
      diagnostics: { status, path, body: snippet(text) },
    });
  }
  return parsed.data;
}

/** A non-2xx answer the endpoint has no specific meaning for. */
export function statusError(status: number, text: string, method: string, path: string): ComfyError {
  const code: ComfyErrorCode = GATEWAY_STATUSES.has(status) ? "UNREACHABLE" : "BAD_RESPONSE";
  return new ComfyError(code, {
    cause: new Error(`${method} ${path} answered ${status}`),
    diagnostics: { status, method, path, body: snippet(text) },
  });
}

const TIMEOUT_CODES = new Set(["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "UND_ERR_CONNECT_TIMEOUT"]);

function transportError(error: unknown, method: string, path: string, timedOut: boolean): ComfyError {
  const code = errorCode(error);
  const timeout = timedOut || (code !== undefined && TIMEOUT_CODES.has(code));
  return new ComfyError(timeout ? "TIMEOUT" : "UNREACHABLE", {
    cause: error,
    diagnostics: { method, path, ...(code ? { errorCode: code } : {}) },
  });
}

function errorCode(error: unknown, depth = 0): string | undefined {
  if (typeof error !== "object" || error === null || depth > 3) return undefined;
  const own = (error as { code?: unknown }).code;
  if (typeof own === "string") return own;
  return errorCode((error as { cause?: unknown }).cause, depth + 1);
}
