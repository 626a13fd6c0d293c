import { type ParsedFrame, type PreviewFrame, previewMetadataSchema } from "./frames.js";

const PREVIEW_IMAGE = 1;
const TEXT = 3;
const PREVIEW_IMAGE_WITH_METADATA = 4;
const imageFormats: Record<number, PreviewFrame["mime"]> = { 1: "image/jpeg", 2: "image/png" };

/**
 * Parses one binary frame: a u32 BE event, then an event-specific layout. Reads through the Buffer's
 * own accessors so a Buffer that is a view into a larger ArrayBuffer (non-zero byteOffset) is read
 * correctly. Never throws.
 */
export function parseBinaryFrame(buf: Buffer): ParsedFrame {
  if (buf.length < 4) return { kind: "ignored", reason: "binary frame shorter than 4 bytes" };
  const event = buf.readUInt32BE(0);
  if (event === PREVIEW_IMAGE) return parseLegacyPreview(buf);
  if (event === PREVIEW_IMAGE_WITH_METADATA) return parseMetadataPreview(buf);
  if (event === TEXT) return parseText(buf);
  return { kind: "ignored", reason: `binary event ${event}` };
}

function parseLegacyPreview(buf: Buffer): ParsedFrame {
  if (buf.length < 8) return { kind: "ignored", reason: "truncated preview" };
  const mime = imageFormats[buf.readUInt32BE(4)];
  if (!mime) return { kind: "ignored", reason: `preview image format ${buf.readUInt32BE(4)}` };
  return { kind: "preview", mime, data: buf.subarray(8) };
}

function parseMetadataPreview(buf: Buffer): ParsedFrame {
  if (buf.length < 8) return { kind: "ignored", reason: "truncated preview" };
  const metadataEnd = 8 + buf.readUInt32BE(4);
  if (metadataEnd > buf.length) return { kind: "ignored", reason: "preview metadata overruns frame" };
  let json: unknown;
  try {
    json = JSON.parse(buf.toString("utf8", 8, metadataEnd));
  } catch {
    return { kind: "ignored", reason: "preview metadata is not JSON" };
  }
  const metadata = previewMetadataSchema.safeParse(json);
  if (!metadata.success) return { kind: "ignored", reason: "malformed preview metadata" };
  return {
    kind: "preview",
    mime: metadata.data.image_type,
    data: buf.subarray(metadataEnd),
    metadata: metadata.data,
  };
}

function parseText(buf: Buffer): ParsedFrame {
  if (buf.length < 8) return { kind: "ignored", reason: "truncated text" };
  const nodeEnd = 8 + buf.readUInt32BE(4);
  if (nodeEnd > buf.length) return { kind: "ignored", reason: "text node id overruns frame" };
  return { kind: "text", nodeId: buf.toString("utf8", 8, nodeEnd), text: buf.toString("utf8", nodeEnd) };
}
