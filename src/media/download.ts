import type { Readable } from "node:stream";
import { request, type Dispatcher } from "undici";
import { z } from "zod";
import { isUserError } from "../errors.js";
import { imageError } from "./image-errors.js";
import { checkImageUrl, redactUrl } from "./url-guard.js";

export interface DownloadImageOptions {
  /** Exact host names; see checkImageUrl for the scheme rules. */
  allowedHosts: readonly string[];
  maxBytes: number;
  /** Covers the whole download: connect, headers and body, redirects included. */
  timeoutMs: number;
  /** What the uploader's client declared (Discord's `size` and `content_type`), checked before any request. */
  declaredSize?: number;
  declaredContentType?: string;
  dispatcher?: Dispatcher;
  /** Cancels the download; its reason is rethrown as is, since it is not the image's fault. */
  signal?: AbortSignal;
}

const MAX_REDIRECTS = 3;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const GONE_STATUSES = new Set([403, 404, 410]);

const declaredSchema = z.object({
  maxBytes: z.number().int().positive(),
  timeoutMs: z.number().int().positive(),
  declaredSize: z.number().int().nonnegative().optional(),
  declaredContentType: z.string().optional(),
});

const responseHeadersSchema = z.object({
  "content-type": z.string().optional(),
  "content-length": z.string().regex(/^\d+$/).transform(Number).optional(),
  location: z.string().optional(),
});

const isImageType = (type: string) => /^\s*image\//i.test(type);
const isServedAsImage = (type: string | undefined) =>
  type === undefined || isImageType(type) || /^\s*application\/octet-stream\b/i.test(type);

function checkDeclared(declared: z.infer<typeof declaredSchema>): void {
  if (declared.declaredContentType !== undefined && !isImageType(declared.declaredContentType)) {
    throw imageError("IMAGE_NOT_AN_IMAGE");
  }
  if (declared.declaredSize === 0) throw imageError("IMAGE_EMPTY");
  if (declared.declaredSize !== undefined && declared.declaredSize > declared.maxBytes) {
    throw imageError("IMAGE_TOO_LARGE", { maxBytes: declared.maxBytes });
  }
}

/** Follows a redirect only to the same host, and only if that link would be allowed on its own. */
function redirectTarget(from: URL, location: string | undefined, allowedHosts: readonly string[]): URL {
  const refused = () =>
    imageError("IMAGE_REDIRECT_NOT_ALLOWED", {}, new Error(`redirect from ${redactUrl(from)}`));
  if (location === undefined) throw refused();
  let next: URL;
  try {
    next = checkImageUrl(new URL(location, from).href, allowedHosts);
  } catch {
    throw refused();
  }
  if (next.hostname !== from.hostname) throw refused();
  return next;
}

/** Drops an unwanted body at once; undici reports the early close as an error nobody needs. */
function discard(body: Readable): void {
  body.on("error", () => undefined);
  body.destroy();
}

async function readCapped(body: Readable, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    total += chunk.length;
    // Leaving the loop destroys the stream, which closes the connection mid-transfer.
    if (total > maxBytes) throw imageError("IMAGE_TOO_LARGE", { maxBytes });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}

type ResponseHeaders = z.infer<typeof responseHeadersSchema>;

/** Why a final (non-redirect) answer cannot be used, if it cannot. */
function refusalOf(status: number, headers: ResponseHeaders, maxBytes: number, where: Error) {
  if (GONE_STATUSES.has(status)) return imageError("IMAGE_UNAVAILABLE", {}, where);
  if (status !== 200) return imageError("IMAGE_DOWNLOAD_FAILED", {}, where);
  if (!isServedAsImage(headers["content-type"])) return imageError("IMAGE_NOT_AN_IMAGE", {}, where);
  if ((headers["content-length"] ?? 0) > maxBytes) return imageError("IMAGE_TOO_LARGE", { maxBytes }, where);
  return undefined;
}

async function fetchBytes(start: URL, options: DownloadImageOptions, signal: AbortSignal): Promise<Buffer> {
  let url = start;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const { statusCode, headers, body } = await request(url, {
      method: "GET",
      signal,
      headers: { accept: "image/*", "accept-encoding": "identity" },
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
    const parsed = responseHeadersSchema.safeParse(headers);
    const where = new Error(`GET ${redactUrl(url)} answered ${statusCode}`, { cause: parsed.error });
    if (parsed.success && REDIRECT_STATUSES.has(statusCode)) {
      await body.dump();
      url = redirectTarget(url, parsed.data.location, options.allowedHosts);
      continue;
    }
    const refusal = parsed.success
      ? refusalOf(statusCode, parsed.data, options.maxBytes, where)
      : imageError("IMAGE_DOWNLOAD_FAILED", {}, where);
    if (refusal) {
      discard(body);
      throw refusal;
    }
    return await readCapped(body, options.maxBytes);
  }
  throw imageError("IMAGE_DOWNLOAD_FAILED", {}, new Error(`more than ${MAX_REDIRECTS} redirects`));
}

/**
 * Downloads a user's image under guard: allowed hosts only, declared type and size checked before any
 * request, a timeout over the whole transfer and a byte cap enforced while streaming. Every refusal
 * is a UserError whose sentence never names the link's host or query.
 */
export async function downloadImage(url: string, options: DownloadImageOptions): Promise<Buffer> {
  const start = checkImageUrl(url, options.allowedHosts);
  checkDeclared(declaredSchema.parse(options));
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  try {
    return await fetchBytes(start, options, signal);
  } catch (error) {
    if (isUserError(error)) throw error;
    if (options.signal?.aborted) throw options.signal.reason;
    if (timeout.aborted) throw imageError("IMAGE_DOWNLOAD_TIMEOUT", { timeoutMs: options.timeoutMs }, error);
    throw imageError("IMAGE_DOWNLOAD_FAILED", {}, error);
  }
}
