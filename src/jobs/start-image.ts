import { type PreparedImage, prepareImage } from "../media/intake.js";
import { probeImage } from "../media/probe.js";
import { type Aspect, type ResolutionTier, aspectFromSize, targetSize } from "../workflow/resolution.js";

export interface StartImage extends PreparedImage {
  aspect: Aspect;
}

/**
 * The image as the workflow will load it: "auto" takes the aspect closest to the picture's own shape,
 * then the picture is cropped (or padded) to that aspect's size at the chosen tier.
 */
export async function fitStartImage(
  bytes: Buffer,
  choice: { aspect: Aspect | "auto"; resolution: ResolutionTier; fit?: "cover" | "pad" },
): Promise<StartImage> {
  let aspect: Aspect;
  if (choice.aspect === "auto") {
    const probe = await probeImage(bytes);
    aspect = aspectFromSize(probe.width, probe.height);
  } else {
    aspect = choice.aspect;
  }
  const prepared = await prepareImage(bytes, targetSize(aspect, choice.resolution), {
    fit: choice.fit ?? "cover",
  });
  return { ...prepared, aspect };
}
