import { describe, expect, it } from "vitest";
import { imageError, imageErrorParams, type ImageErrorCode } from "../../src/media/image-errors.js";
import { sniffFormat } from "../../src/media/sniff.js";
import { corpus } from "./corpus.js";

const bytes = (text: string) => Buffer.from(text, "utf8");

describe("sniffFormat", () => {
  it.each([
    ["a JPEG", () => corpus.jpeg(), "jpeg"],
    ["a PNG", () => corpus.png(), "png"],
    ["a WebP", () => corpus.webp(), "webp"],
    ["an AVIF", () => corpus.avif(), "avif"],
    ["a GIF", () => corpus.gif(), "gif"],
    ["a TIFF", () => corpus.tiff(), "tiff"],
    ["an HEIC", () => corpus.heic(), "heic"],
    ["a PDF", () => corpus.pdf(), "pdf"],
    ["a PDF with junk before its header", async () => bytes("junk\n%PDF-1.7\n"), "pdf"],
    [
      "an SVG with a BOM, comment and no XML declaration",
      async () => bytes("\uFEFF <!-- x --><svg/>"),
      "svg",
    ],
    [
      "an SVG with a doctype",
      async () => bytes('<?xml version="1.0"?><!DOCTYPE svg PUBLIC "x"><svg/>'),
      "svg",
    ],
    ["an HTML page", () => corpus.htmlNamedPng(), "html"],
    ["an XHTML page with an XML declaration", async () => bytes('<?xml version="1.0"?><html/>'), "html"],
    ["a BMP", () => corpus.bmp(), "unknown"],
    ["plain text", async () => bytes("hello"), "unknown"],
    ["nothing", () => corpus.empty(), "empty"],
  ])("GIVEN %s THEN its content says %s", async (_label, make, expected) => {
    expect(sniffFormat(await make())).toBe(expected);
  });
});

describe("image refusal sentences", () => {
  it("GIVEN every refusal code THEN its sentence is complete and names no limit as undefined or NaN", () => {
    const details = {
      maxBytes: 25 * 1024 * 1024,
      timeoutMs: 15_000,
      maxPixels: 40e6,
      minEdge: 64,
      maxAspect: 4,
    };
    for (const code of Object.keys(imageErrorParams) as ImageErrorCode[]) {
      const sentence = imageError(code, details).message;
      expect(sentence, code).toMatch(/^[A-Z].*\.$/);
      expect(sentence, code).not.toMatch(/undefined|NaN/);
    }
    expect(imageError("IMAGE_TOO_LARGE", details).message).toContain("25 MB");
    expect(imageError("IMAGE_DOWNLOAD_TIMEOUT", details).message).toContain("15 s");
  });
});
