/** Raster formats the intake accepts, named as the content says, never as the file name says. */
export type ImageFormat = "jpeg" | "png" | "webp" | "avif" | "gif" | "tiff";

/** What the first bytes of a file say it is. */
export type SniffedFormat = ImageFormat | "svg" | "pdf" | "html" | "heic" | "empty" | "unknown";

const startsWith = (bytes: Buffer, signature: readonly number[], offset = 0) =>
  bytes.length >= offset + signature.length && signature.every((byte, i) => bytes[offset + i] === byte);
const ascii = (bytes: Buffer, start: number, end: number) => bytes.subarray(start, end).toString("latin1");

const avifBrands = new Set(["avif", "avis"]);
const heicBrands = new Set(["heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1"]);

/** Brands of an ISO-BMFF `ftyp` box (major brand first), or none when the file has no such box. */
function isoBrands(bytes: Buffer): string[] {
  if (bytes.length < 16 || ascii(bytes, 4, 8) !== "ftyp") return [];
  const boxSize = Math.min(bytes.readUInt32BE(0), bytes.length, 256);
  const brands = [ascii(bytes, 8, 12)];
  for (let at = 16; at + 4 <= boxSize; at += 4) brands.push(ascii(bytes, at, at + 4));
  return brands;
}

/** Markup is told apart by its first tag, after any BOM, whitespace, XML declaration or comments. */
function sniffMarkup(bytes: Buffer): "svg" | "html" | undefined {
  const head = bytes
    .subarray(0, 4096)
    .toString("utf8")
    .replace(/^\uFEFF/, "");
  if (!/^\s*</.test(head)) return undefined;
  const firstTag = head
    .replace(/<\?xml[\s\S]*?\?>/gi, "")
    .replace(/<!--[\s\S]*?-->/g, "")
    .trimStart()
    .toLowerCase();
  if (firstTag.startsWith("<svg") || firstTag.startsWith("<!doctype svg")) return "svg";
  return "html";
}

/** Decides the format from magic bytes alone; the caller cross-checks with the decoder's own verdict. */
export function sniffFormat(bytes: Buffer): SniffedFormat {
  if (bytes.length === 0) return "empty";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "jpeg";
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  if (ascii(bytes, 0, 6) === "GIF87a" || ascii(bytes, 0, 6) === "GIF89a") return "gif";
  if (ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 12) === "WEBP") return "webp";
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a]))
    return "tiff";
  const brands = isoBrands(bytes);
  if (brands.some((brand) => avifBrands.has(brand))) return "avif";
  if (brands.some((brand) => heicBrands.has(brand))) return "heic";
  // PDF readers accept the header anywhere in the first KiB.
  if (bytes.subarray(0, 1024).includes("%PDF-")) return "pdf";
  return sniffMarkup(bytes) ?? "unknown";
}

export function isAcceptedFormat(format: SniffedFormat): format is ImageFormat {
  return ["jpeg", "png", "webp", "avif", "gif", "tiff"].includes(format);
}
