import { UserError } from "../errors.js";
import type { ErrorKey } from "../i18n/catalogs.js";
import type { MessageParams } from "../i18n/translate.js";

/** The limits a refusal may quote; each message uses only the ones it needs. */
export interface ImageErrorDetails {
  maxBytes?: number;
  timeoutMs?: number;
  maxPixels?: number;
  minEdge?: number;
  maxAspect?: number;
}

const megabytes = (bytes = 0) => Math.floor((bytes / (1024 * 1024)) * 10) / 10;
const megapixels = (pixels = 0) => Math.round(pixels / 1e5) / 10;
const seconds = (ms = 0) => Math.ceil(ms / 1000);
const formats = { or: ["JPEG", "PNG", "WebP", "AVIF", "GIF", "TIFF"] };
const none = () => ({});

/**
 * Every way an image can be refused, each with the values its sentence (`error.CODE` in the catalog)
 * quotes. No sentence ever names the link's host or query: those are not the user's words and may
 * carry signatures.
 */
export const imageErrorParams = {
  IMAGE_URL_INVALID: none,
  IMAGE_HOST_NOT_ALLOWED: none,
  IMAGE_REDIRECT_NOT_ALLOWED: none,
  IMAGE_TOO_LARGE: (d: ImageErrorDetails) => ({ megabytes: megabytes(d.maxBytes) }),
  IMAGE_NOT_AN_IMAGE: () => ({ formats }),
  IMAGE_DOWNLOAD_TIMEOUT: (d: ImageErrorDetails) => ({ seconds: seconds(d.timeoutMs) }),
  IMAGE_DOWNLOAD_FAILED: none,
  IMAGE_UNAVAILABLE: none,
  IMAGE_EMPTY: none,
  IMAGE_SVG_NOT_SUPPORTED: none,
  IMAGE_PDF_NOT_SUPPORTED: () => ({ formats }),
  IMAGE_IS_WEB_PAGE: none,
  IMAGE_HEIC_NOT_SUPPORTED: none,
  IMAGE_UNSUPPORTED_FORMAT: () => ({ formats }),
  IMAGE_CORRUPT: none,
  IMAGE_TOO_MANY_PIXELS: (d: ImageErrorDetails) => ({ megapixels: megapixels(d.maxPixels) }),
  IMAGE_TOO_SMALL: (d: ImageErrorDetails) => ({ pixels: d.minEdge ?? 0 }),
  IMAGE_EXTREME_ASPECT: (d: ImageErrorDetails) => ({ ratio: d.maxAspect ?? 0 }),
} as const satisfies { [C in ImageErrorCode]: (details: ImageErrorDetails) => MessageParams<`error.${C}`> };

export type ImageErrorCode =
  Extract<ErrorKey, `error.IMAGE_${string}`> extends `error.${infer C}`
    ? Exclude<C, "IMAGE_UNREADABLE">
    : never;

/** A refusal of the user's image, with its key and the limit it quotes. */
export function imageError(
  code: ImageErrorCode,
  details: ImageErrorDetails = {},
  cause?: unknown,
): UserError {
  const params = imageErrorParams[code](details) as MessageParams<`error.${typeof code}`>;
  return new UserError(`error.${code}`, params, cause === undefined ? {} : { cause });
}
