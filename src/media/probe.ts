import type { Metadata, SharpOptions } from "sharp";
import { loadSharp } from "./sharp.js";
import { z } from "zod";
import { imageError, type ImageErrorCode } from "./image-errors.js";
import { isAcceptedFormat, sniffFormat, type ImageFormat, type SniffedFormat } from "./sniff.js";

/** Refusals decided from the header alone, before a single pixel is decoded. */
export const imageLimitsSchema = z.object({
  maxInputPixels: z.number().int().positive().default(40_000_000),
  minEdge: z.number().int().positive().default(64),
  maxAspect: z.number().min(1).default(4),
});
export type ImageLimits = z.infer<typeof imageLimitsSchema>;
export type ImageLimitOptions = z.input<typeof imageLimitsSchema>;

export interface ImageProbe {
  format: ImageFormat;
  /** Size as displayed, i.e. after the EXIF orientation is applied. */
  width: number;
  height: number;
  /** Frames in an animation or pages in a TIFF; only the first is used. */
  pages: number;
  /** EXIF orientation 1–8 (1 when absent). */
  orientation: number;
}

/** Input options shared by the header read and the decode, so both see the same limits. */
export function decoderOptions(limits: ImageLimits): SharpOptions {
  return {
    limitInputPixels: limits.maxInputPixels,
    // "error" also refuses truncated data; "warning" would refuse harmless quirks of real cameras.
    failOn: "error",
    sequentialRead: true,
    pages: 1,
    page: 0,
  };
}

const refusalByContent: Partial<Record<SniffedFormat, ImageErrorCode>> = {
  empty: "IMAGE_EMPTY",
  svg: "IMAGE_SVG_NOT_SUPPORTED",
  pdf: "IMAGE_PDF_NOT_SUPPORTED",
  html: "IMAGE_IS_WEB_PAGE",
  heic: "IMAGE_HEIC_NOT_SUPPORTED",
  unknown: "IMAGE_UNSUPPORTED_FORMAT",
};

/** libvips' name for each accepted format; AVIF is read by the HEIF loader with AV1 compression. */
function decoderAgrees(format: ImageFormat, metadata: Metadata): boolean {
  if (format === "avif") return metadata.format === "heif" && metadata.compression === "av1";
  return metadata.format === format;
}

/** Maps a libvips failure to the refusal it means for the sender. */
export function decodeFailure(error: unknown, limits: ImageLimits) {
  const message = error instanceof Error ? error.message : String(error);
  if (/exceeds pixel limit/i.test(message)) {
    return imageError("IMAGE_TOO_MANY_PIXELS", { maxPixels: limits.maxInputPixels }, error);
  }
  if (/unsupported image format/i.test(message)) return imageError("IMAGE_UNSUPPORTED_FORMAT", {}, error);
  return imageError("IMAGE_CORRUPT", {}, error);
}

async function readHeader(bytes: Buffer, limits: ImageLimits): Promise<Metadata> {
  const sharp = await loadSharp();
  try {
    // metadata() parses headers only; with limitInputPixels it refuses a huge declared size unread.
    return await sharp(bytes, decoderOptions(limits)).metadata();
  } catch (error) {
    throw decodeFailure(error, limits);
  }
}

/**
 * Identifies an image by its content and checks every header-level limit. Throws a UserError naming
 * the first problem: the format, the pixel count, the shortest edge or the aspect ratio.
 */
export async function probeImage(bytes: Buffer, options: ImageLimitOptions = {}): Promise<ImageProbe> {
  const limits = imageLimitsSchema.parse(options);
  const sniffed = sniffFormat(bytes);
  if (!isAcceptedFormat(sniffed)) {
    throw imageError(refusalByContent[sniffed] ?? "IMAGE_UNSUPPORTED_FORMAT");
  }
  const metadata = await readHeader(bytes, limits);
  if (!decoderAgrees(sniffed, metadata)) {
    throw imageError(
      "IMAGE_UNSUPPORTED_FORMAT",
      {},
      new Error(`magic says ${sniffed}, decoder says ${metadata.format}`),
    );
  }
  const { width, height } = metadata.autoOrient;
  if (width * height > limits.maxInputPixels) {
    throw imageError("IMAGE_TOO_MANY_PIXELS", { maxPixels: limits.maxInputPixels });
  }
  if (Math.min(width, height) < limits.minEdge)
    throw imageError("IMAGE_TOO_SMALL", { minEdge: limits.minEdge });
  if (Math.max(width, height) / Math.min(width, height) > limits.maxAspect) {
    throw imageError("IMAGE_EXTREME_ASPECT", { maxAspect: limits.maxAspect });
  }
  return {
    format: sniffed,
    width,
    height,
    pages: metadata.pages ?? 1,
    orientation: metadata.orientation ?? 1,
  };
}
