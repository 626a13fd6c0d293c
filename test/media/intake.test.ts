import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { NEUTRAL_BACKGROUND, prepareImage } from "../../src/media/intake.js";
import { probeImage } from "../../src/media/probe.js";
import { BLUE, corpus, GREEN, near, pixelAt, RED, type CorpusName, type Rgb } from "./corpus.js";

const target = { width: 208, height: 120 };

async function refusalOf(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

const accepted: {
  name: CorpusName;
  source: { width: number; height: number; format: string };
  centre?: Rgb;
}[] = [
  { name: "jpeg", source: { width: 320, height: 240, format: "jpeg" }, centre: RED },
  { name: "png", source: { width: 320, height: 240, format: "png" }, centre: RED },
  { name: "webp", source: { width: 320, height: 240, format: "webp" }, centre: RED },
  { name: "avif", source: { width: 320, height: 240, format: "avif" }, centre: RED },
  { name: "gif", source: { width: 320, height: 240, format: "gif" }, centre: RED },
  { name: "tiff", source: { width: 320, height: 240, format: "tiff" }, centre: RED },
  { name: "animatedGif", source: { width: 160, height: 120, format: "gif" }, centre: RED },
  { name: "animatedWebp", source: { width: 160, height: 120, format: "webp" }, centre: RED },
  { name: "cmykJpeg", source: { width: 320, height: 240, format: "jpeg" } },
  { name: "png16", source: { width: 320, height: 240, format: "png" }, centre: RED },
  { name: "grayscale", source: { width: 320, height: 240, format: "png" }, centre: [90, 90, 90] },
  {
    name: "alphaPng",
    source: { width: 320, height: 240, format: "png" },
    centre: [NEUTRAL_BACKGROUND.r, NEUTRAL_BACKGROUND.g, NEUTRAL_BACKGROUND.b],
  },
];

describe("prepareImage, accepted uploads", () => {
  it.each(accepted)(
    "GIVEN a $name upload THEN it becomes an 8-bit sRGB RGB PNG of exactly the target size",
    async ({ name, source, centre }) => {
      const prepared = await prepareImage(await corpus[name](), target);

      const out = await sharp(prepared.png).metadata();
      expect(out).toMatchObject({ format: "png", width: 208, height: 120, channels: 3, space: "srgb" });
      expect(out).toMatchObject({ depth: "uchar", bitsPerSample: 8, hasAlpha: false });
      expect(out.exif).toBeUndefined();
      expect(prepared).toMatchObject({ width: 208, height: 120, source });
      if (centre) expect(await pixelAt(prepared.png, 104, 60)).toSatisfy((rgb: Rgb) => near(rgb, centre));
    },
  );

  it("GIVEN an animation THEN the probe reports its frames and the output is the first (red) frame", async () => {
    for (const name of ["animatedGif", "animatedWebp"] as const) {
      const bytes = await corpus[name]();
      expect(await probeImage(bytes)).toMatchObject({ pages: 3, width: 160, height: 120 });
      const prepared = await prepareImage(bytes, target);
      expect(near(await pixelAt(prepared.png, 10, 10), GREEN)).toBe(false);
      expect(near(await pixelAt(prepared.png, 10, 10), RED)).toBe(true);
    }
  });

  it("GIVEN a CMYK JPEG of red THEN the output still looks red to a viewer", async () => {
    const prepared = await prepareImage(await corpus.cmykJpeg(), target);
    const [r, g, b] = await pixelAt(prepared.png, 104, 60);
    expect(r - Math.max(g, b)).toBeGreaterThan(120);
  });

  it("GIVEN EXIF orientation 6 THEN the picture is turned upright and the tag is gone", async () => {
    const bytes = await corpus.exifOrientation6();
    expect(await probeImage(bytes)).toMatchObject({ orientation: 6, width: 200, height: 300 });

    const prepared = await prepareImage(bytes, { width: 200, height: 300 });

    expect(prepared.source).toEqual({ width: 200, height: 300, format: "jpeg" });
    expect(near(await pixelAt(prepared.png, 195, 5), RED)).toBe(true);
    expect(near(await pixelAt(prepared.png, 5, 5), BLUE)).toBe(true);
    expect((await sharp(prepared.png).metadata()).orientation).toBeUndefined();
  });
});

describe("prepareImage, cover and pad", () => {
  it("GIVEN a wide picture and a square target THEN cover fills the frame with its centre only", async () => {
    const prepared = await prepareImage(await corpus.threeStripes(), { width: 200, height: 200 });
    for (const [x, y] of [
      [2, 2],
      [197, 100],
      [100, 197],
    ] as const) {
      expect(near(await pixelAt(prepared.png, x, y), RED, 8)).toBe(true);
    }
  });

  it("GIVEN a wide picture and a square target THEN pad shows all of it between black bars", async () => {
    const prepared = await prepareImage(
      await corpus.threeStripes(),
      { width: 200, height: 200 },
      { fit: "pad" },
    );
    expect(prepared).toMatchObject({ width: 200, height: 200 });
    expect(near(await pixelAt(prepared.png, 5, 100), GREEN, 8)).toBe(true);
    expect(near(await pixelAt(prepared.png, 100, 100), RED, 8)).toBe(true);
    expect(near(await pixelAt(prepared.png, 195, 100), BLUE, 8)).toBe(true);
    expect(await pixelAt(prepared.png, 100, 10)).toEqual([0, 0, 0]);
    expect(await pixelAt(prepared.png, 100, 190)).toEqual([0, 0, 0]);
  });
});

const refused: { name: CorpusName; code: string; says: RegExp }[] = [
  { name: "pixelBomb", code: "IMAGE_TOO_MANY_PIXELS", says: /at most 40 megapixels/ },
  { name: "tiny", code: "IMAGE_TOO_SMALL", says: /at least 64 pixels/ },
  { name: "extremeAspect", code: "IMAGE_EXTREME_ASPECT", says: /at most 4 times/ },
  { name: "svg", code: "IMAGE_SVG_NOT_SUPPORTED", says: /SVG/ },
  { name: "pdf", code: "IMAGE_PDF_NOT_SUPPORTED", says: /PDF/ },
  { name: "htmlNamedPng", code: "IMAGE_IS_WEB_PAGE", says: /web page/ },
  { name: "heic", code: "IMAGE_HEIC_NOT_SUPPORTED", says: /HEIC/ },
  { name: "bmp", code: "IMAGE_UNSUPPORTED_FORMAT", says: /format is not supported/ },
  { name: "truncatedJpeg", code: "IMAGE_CORRUPT", says: /damaged or incomplete/ },
  { name: "truncatedPng", code: "IMAGE_CORRUPT", says: /damaged or incomplete/ },
  { name: "empty", code: "IMAGE_EMPTY", says: /empty/ },
];

describe("prepareImage, refused uploads", () => {
  it.each(refused)("GIVEN $name THEN it is refused with $code and a sentence saying so", async (c) => {
    const error = await refusalOf(prepareImage(await corpus[c.name](), target));
    expect(error.code).toBe(c.code);
    expect(error.message).toMatch(c.says);
  });

  it("GIVEN a tiny file declaring 30000×30000 THEN the pixel limit refuses it before any decoding", async () => {
    const bytes = await corpus.pixelBomb();
    expect(bytes.length).toBeLessThan(200);
    expect((await refusalOf(probeImage(bytes))).code).toBe("IMAGE_TOO_MANY_PIXELS");
    // Decoding would have found the pixel data missing; with the limit lifted, that is what happens.
    const decoded = await refusalOf(prepareImage(bytes, target, { maxInputPixels: 1_000_000_000 }));
    expect(decoded.code).toBe("IMAGE_CORRUPT");
  });

  it("GIVEN custom limits THEN the refusal sentences quote them", async () => {
    const png = await corpus.png();
    const small = await refusalOf(prepareImage(png, target, { maxInputPixels: 50_000 }));
    expect(small.message).toMatch(/at most 0\.1 megapixels/);
    expect((await refusalOf(prepareImage(png, target, { minEdge: 300 }))).message).toMatch(
      /at least 300 pixels/,
    );
    expect((await refusalOf(prepareImage(png, target, { maxAspect: 1.2 }))).message).toMatch(
      /at most 1\.2 times/,
    );
  });
});
