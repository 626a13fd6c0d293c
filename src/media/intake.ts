import { loadSharp } from "./sharp.js";
import { z } from "zod";
import { decodeFailure, decoderOptions, imageLimitsSchema, probeImage } from "./probe.js";
import type { ImageFormat } from "./sniff.js";

/** Transparent areas become mid grey: neither white nor black reads as content to the video model. */
export const NEUTRAL_BACKGROUND = { r: 128, g: 128, b: 128 } as const;
/** Letterbox bars of the "pad" fit. */
export const PAD_BACKGROUND = { r: 0, g: 0, b: 0, alpha: 1 } as const;

const targetSchema = z.object({
  width: z.number().int().min(16).max(8192),
  height: z.number().int().min(16).max(8192),
});

const prepareOptionsSchema = imageLimitsSchema.extend({
  /** cover: fill the frame and crop the overflow (centered); pad: fit inside with black bars. */
  fit: z.enum(["cover", "pad"]).default("cover"),
});

export type ImageTarget = z.input<typeof targetSchema>;
export type PrepareImageOptions = z.input<typeof prepareOptionsSchema>;

export interface PreparedImage {
  /** 8-bit sRGB RGB PNG without metadata, exactly width × height. */
  png: Buffer;
  width: number;
  height: number;
  /** The upload as displayed (orientation applied), so callers can pick an "auto" aspect. */
  source: { width: number; height: number; format: ImageFormat };
}

/**
 * Turns whatever the user sent into the PNG the workflow loads: refuses bad input from the header
 * before decoding, then takes the first frame, applies the EXIF orientation, flattens alpha, converts
 * to 8-bit sRGB and crops or pads to the target size.
 */
export async function prepareImage(
  bytes: Buffer,
  target: ImageTarget,
  options: PrepareImageOptions = {},
): Promise<PreparedImage> {
  const size = targetSchema.parse(target);
  const { fit, ...limits } = prepareOptionsSchema.parse(options);
  const probe = await probeImage(bytes, limits);
  const sharp = await loadSharp();
  try {
    const { data, info } = await sharp(bytes, { ...decoderOptions(limits), autoOrient: true })
      .flatten({ background: NEUTRAL_BACKGROUND })
      .resize(size.width, size.height, {
        fit: fit === "pad" ? "contain" : "cover",
        position: "centre",
        background: PAD_BACKGROUND,
      })
      .toColourspace("srgb")
      .png()
      .toBuffer({ resolveWithObject: true });
    return {
      png: data,
      width: info.width,
      height: info.height,
      source: { width: probe.width, height: probe.height, format: probe.format },
    };
  } catch (error) {
    throw decodeFailure(error, limits);
  }
}
