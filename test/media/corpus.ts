import { crc32, deflateSync } from "node:zlib";
import sharp from "sharp";

/** Test images made on the fly with sharp or by hand, so no binary sits in the repository. */

export type Rgb = readonly [number, number, number];
export const RED: Rgb = [255, 0, 0];
export const GREEN: Rgb = [0, 255, 0];
export const BLUE: Rgb = [0, 0, 255];

const solid = (width: number, height: number, [r, g, b]: Rgb, alpha = 1) =>
  sharp({ create: { width, height, channels: alpha < 1 ? 4 : 3, background: { r, g, b, alpha } } });

/** Vertical stripes, left to right, each `width` wide, as raw RGB. */
function stripes(height: number, bands: { width: number; colour: Rgb }[]) {
  const width = bands.reduce((sum, band) => sum + band.width, 0);
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    let x = 0;
    for (const band of bands) {
      for (let i = 0; i < band.width; i++, x++) raw.set(band.colour, (y * width + x) * 3);
    }
  }
  return sharp(raw, { raw: { width, height, channels: 3 } });
}

/** Frames stacked vertically, one solid colour each, for animated GIF/WebP. */
function framesRaw(width: number, height: number, colours: Rgb[]) {
  const raw = Buffer.alloc(width * height * colours.length * 3);
  colours.forEach((colour, frame) => {
    for (let i = 0; i < width * height; i++) raw.set(colour, (frame * width * height + i) * 3);
  });
  return sharp(raw, { raw: { width, height: height * colours.length, channels: 3, pageHeight: height } });
}

/** Deterministic noise: compresses badly, so a cut lands in the middle of the pixel data. */
function noise(width: number, height: number) {
  const raw = Buffer.alloc(width * height * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (Math.imul(i, 2654435761) >>> 13) & 0xff;
  return sharp(raw, { raw: { width, height, channels: 3 } });
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A 100-byte PNG whose header claims a size that would take gigabytes to decode. */
export function pngBombHeader(width = 30_000, height = 30_000): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", ihdr),
    pngChunk("IDAT", deflateSync(Buffer.alloc(64))),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

export const corpus = {
  jpeg: () => solid(320, 240, RED).jpeg().toBuffer(),
  png: () => solid(320, 240, RED).png().toBuffer(),
  webp: () => solid(320, 240, RED).webp().toBuffer(),
  avif: () => solid(320, 240, RED).avif().toBuffer(),
  gif: () => solid(320, 240, RED).gif().toBuffer(),
  tiff: () => solid(320, 240, RED).tiff().toBuffer(),
  animatedGif: () =>
    framesRaw(160, 120, [RED, GREEN, BLUE])
      .gif({ loop: 0, delay: [100, 100, 100] })
      .toBuffer(),
  animatedWebp: () =>
    framesRaw(160, 120, [RED, GREEN, BLUE])
      .webp({ loop: 0, delay: [100, 100, 100] })
      .toBuffer(),
  /** Stored 300×200 with a red top-left corner; displayed rotated 90° clockwise (200×300, red top-right). */
  exifOrientation6: () =>
    solid(300, 200, BLUE)
      .composite([
        { input: { create: { width: 40, height: 40, channels: 3, background: "#ff0000" } }, top: 0, left: 0 },
      ])
      .jpeg({ quality: 95 })
      .withMetadata({ orientation: 6 })
      .toBuffer(),
  cmykJpeg: () => solid(320, 240, RED).toColourspace("cmyk").jpeg().toBuffer(),
  png16: () => solid(320, 240, RED).toColourspace("rgb16").png().toBuffer(),
  grayscale: () => solid(320, 240, [90, 90, 90]).toColourspace("b-w").png().toBuffer(),
  /** Fully transparent: what a user sees is "nothing", which must become neutral grey. */
  alphaPng: () => solid(320, 240, RED, 0).png().toBuffer(),
  /** Green | red | blue, 100 + 200 + 100 wide, 200 high: cover keeps only red, pad shows all three. */
  threeStripes: () =>
    stripes(200, [
      { width: 100, colour: GREEN },
      { width: 200, colour: RED },
      { width: 100, colour: BLUE },
    ])
      .png()
      .toBuffer(),
  pixelBomb: async () => pngBombHeader(),
  tiny: () => solid(10, 10, RED).png().toBuffer(),
  extremeAspect: () => solid(5000, 100, RED).png().toBuffer(),
  svg: async () =>
    Buffer.from(
      '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="300" height="300"><rect width="300" height="300" fill="red"/></svg>',
    ),
  pdf: async () =>
    Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"),
  /** What a "photo.png" is when a browser saved the page instead of the picture. */
  htmlNamedPng: async () =>
    Buffer.from("\n<!DOCTYPE html>\n<html><head><title>photo.png</title></head></html>"),
  heic: async () =>
    Buffer.concat([
      Buffer.from([0, 0, 0, 0x18]),
      Buffer.from("ftypheic\0\0\0\0mif1heic", "latin1"),
      Buffer.alloc(64),
    ]),
  bmp: async () => Buffer.concat([Buffer.from("BM", "latin1"), Buffer.alloc(200, 1)]),
  truncatedJpeg: async () => {
    const whole = await noise(400, 300).jpeg({ quality: 90 }).toBuffer();
    return whole.subarray(0, Math.floor(whole.length * 0.7));
  },
  truncatedPng: async () => {
    const whole = await noise(400, 300).png().toBuffer();
    return whole.subarray(0, Math.floor(whole.length * 0.7));
  },
  empty: async () => Buffer.alloc(0),
} satisfies Record<string, () => Promise<Buffer>>;

export type CorpusName = keyof typeof corpus;

/** The RGB of one pixel of a PNG, as a user would see it. */
export async function pixelAt(png: Buffer, x: number, y: number): Promise<Rgb> {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * info.channels;
  return [data[at] ?? -1, data[at + 1] ?? -1, data[at + 2] ?? -1];
}

/** True when every channel is within `tolerance` of the expected colour (lossy codecs drift a little). */
export function near(actual: Rgb, expected: Rgb, tolerance = 24): boolean {
  return actual.every((value, i) => Math.abs(value - (expected[i] ?? 0)) <= tolerance);
}
