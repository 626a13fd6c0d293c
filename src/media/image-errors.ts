import { UserError } from "../errors.js";

/** The limits a refusal may quote; each message uses only the ones it needs. */
export interface ImageErrorDetails {
  maxBytes?: number;
  timeoutMs?: number;
  maxPixels?: number;
  minEdge?: number;
  maxAspect?: number;
}

const megabytes = (bytes = 0) => `${Math.floor((bytes / (1024 * 1024)) * 10) / 10} MB`;
const megapixels = (pixels = 0) => `${Math.round(pixels / 1e5) / 10} megapixels`;
const seconds = (ms = 0) => `${Math.ceil(ms / 1000)} s`;
const formats = "JPEG, PNG, WebP, AVIF, GIF or TIFF";

/**
 * Every way an image can be refused, each with the sentence its sender sees. No sentence ever names
 * the link's host or query: those are not the user's words and may carry signatures.
 */
export const imageErrorMessages = {
  IMAGE_URL_INVALID: () =>
    "The image link is not a valid web address. Please attach the image to the command.",
  IMAGE_HOST_NOT_ALLOWED: () =>
    "I can only download images uploaded to Discord. Please attach the image to the command.",
  IMAGE_REDIRECT_NOT_ALLOWED: () =>
    "The image link sent me somewhere I don't download from. Please attach the image to the command.",
  IMAGE_TOO_LARGE: (d: ImageErrorDetails) =>
    `The image file is too large: the limit is ${megabytes(d.maxBytes)}. Please send a smaller file.`,
  IMAGE_NOT_AN_IMAGE: () => `That attachment is not an image. Please attach a ${formats} picture.`,
  IMAGE_DOWNLOAD_TIMEOUT: (d: ImageErrorDetails) =>
    `Downloading the image took longer than ${seconds(d.timeoutMs)}. Please try again.`,
  IMAGE_DOWNLOAD_FAILED: () => "I couldn't download the image. Please try again in a moment.",
  IMAGE_UNAVAILABLE: () =>
    "The image is no longer available (Discord attachments expire). Please upload it again.",
  IMAGE_EMPTY: () => "The image file is empty. Please attach the picture again.",
  IMAGE_SVG_NOT_SUPPORTED: () => `SVG drawings are not supported. Please export it as PNG or JPEG first.`,
  IMAGE_PDF_NOT_SUPPORTED: () => `PDF documents are not supported. Please send a ${formats} picture instead.`,
  IMAGE_IS_WEB_PAGE: () =>
    "That file is a web page, not an image, whatever its name says. Please attach the picture itself.",
  IMAGE_HEIC_NOT_SUPPORTED: () =>
    "HEIC photos are not supported yet. Please send it as JPEG or PNG (most phones can share it that way).",
  IMAGE_UNSUPPORTED_FORMAT: () => `That image format is not supported. Please send a ${formats} picture.`,
  IMAGE_CORRUPT: () =>
    "The image looks damaged or incomplete (perhaps the upload was cut off). Please send it again.",
  IMAGE_TOO_MANY_PIXELS: (d: ImageErrorDetails) =>
    `The image is too big: at most ${megapixels(d.maxPixels)} are accepted. Please send a smaller picture.`,
  IMAGE_TOO_SMALL: (d: ImageErrorDetails) =>
    `The image is too small: its shortest side must be at least ${d.minEdge ?? 0} pixels.`,
  IMAGE_EXTREME_ASPECT: (d: ImageErrorDetails) =>
    `The image is too long and thin: its long side may be at most ${d.maxAspect ?? 0} times its short side. Please crop it first.`,
} as const satisfies Record<string, (details: ImageErrorDetails) => string>;

export type ImageErrorCode = keyof typeof imageErrorMessages;

/** A refusal of the user's image, with its code and friendly sentence. */
export function imageError(
  code: ImageErrorCode,
  details: ImageErrorDetails = {},
  cause?: unknown,
): UserError {
  return new UserError(code, imageErrorMessages[code](details), cause === undefined ? undefined : { cause });
}
