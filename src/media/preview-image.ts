import { loadSharp } from "./sharp.js";

/** Longest side of a preview on the progress message: big enough to see the motion, small to upload. */
const previewEdge = 320;

/**
 * ComfyUI's live preview (a JPEG or PNG up to --preview-size, 512 by default) as a small JPEG. Bytes that
 * are not an image reject; the caller then simply shows no preview.
 */
export async function scalePreview(data: Buffer): Promise<Buffer> {
  const sharp = await loadSharp();
  return sharp(data, { limitInputPixels: 4096 * 4096 })
    .resize({ width: previewEdge, height: previewEdge, fit: "inside", withoutEnlargement: true })
    .jpeg({ quality: 75 })
    .toBuffer();
}
