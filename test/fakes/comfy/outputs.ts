/** Files the emulated nodes write, named and reported the way VideoHelperSuite's Video Combine does. */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pyFloat } from "../../../src/workflow/validate-python.js";

const fixtures = new URL("../../fixtures/video/", import.meta.url);
export const tinyMp4 = readFileSync(new URL("tiny.mp4", fixtures));
export const tinyPng = readFileSync(new URL("tiny.png", fixtures));
export const previewJpeg = readFileSync(new URL("preview.jpg", fixtures));

export interface OutputDirs {
  input: string;
  output: string;
  temp: string;
}

/** A node failure as ComfyUI reports it in `execution_error`. */
export class NodeFailure extends Error {
  override readonly name = "NodeFailure";
  constructor(
    readonly exceptionType: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Appends an ISO-BMFF `free` box so the file reaches `size` bytes and still plays; `note` (what the
 * emulator encoded) goes at the start of the box when there is room.
 */
export function padMp4(video: Buffer, size: number | undefined, note?: Buffer): Buffer {
  if (size === undefined || size <= video.length) return video;
  const padding = Math.max(8, size - video.length);
  const box = Buffer.alloc(padding);
  box.writeUInt32BE(padding, 0);
  box.write("free", 4, "latin1");
  if (note && note.length <= padding - 8) note.copy(box, 8);
  return Buffer.concat([video, box]);
}

const extensions: Record<string, string> = {
  "image/gif": "gif",
  "image/webp": "webp",
  "video/webm": "webm",
  "video/av1-webm": "webm",
  "video/ProRes": "mov",
  "video/ffv1-mkv": "mkv",
};

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** VHS's counter: one more than the largest `<name>_<digits>…` in the folder. */
function nextCounter(folder: string, base: string): number {
  const matcher = new RegExp(`^${escapeRegExp(base)}_(\\d+)\\D*\\..+$`, "i");
  let max = 0;
  for (const file of readdirSync(folder)) {
    const match = matcher.exec(file);
    if (match) max = Math.max(max, Number(match[1]));
  }
  return max + 1;
}

export interface VideoCombineInputs {
  filename_prefix?: unknown;
  format?: unknown;
  frame_rate?: unknown;
  save_output?: unknown;
}

/** Writes `<base>_<NNNNN>.png` + `.mp4` and returns the node's UI dict (`{gifs: [...]}`). */
export function writeVideoCombine(
  dirs: OutputDirs,
  inputs: VideoCombineInputs,
  size: number | undefined,
  note?: Buffer,
) {
  const saveOutput = inputs.save_output !== false;
  const root = saveOutput ? dirs.output : dirs.temp;
  const prefix = path.posix.normalize(String(inputs.filename_prefix ?? "AnimateDiff"));
  const subfolder = path.posix.dirname(prefix) === "." ? "" : path.posix.dirname(prefix);
  const base = path.posix.basename(prefix);
  const folder = path.resolve(root, subfolder);
  if (folder !== root && !folder.startsWith(root + path.sep)) {
    throw new NodeFailure("Exception", `Saving image outside the output folder is not allowed.`);
  }
  mkdirSync(folder, { recursive: true });
  const counter = String(nextCounter(folder, base)).padStart(5, "0");
  const format = String(inputs.format ?? "video/h264-mp4");
  const workflow = `${base}_${counter}.png`;
  const filename = `${base}_${counter}.${extensions[format] ?? "mp4"}`;
  writeFileSync(path.join(folder, workflow), tinyPng);
  writeFileSync(path.join(folder, filename), padMp4(tinyMp4, size, note));
  const rate = pyFloat(inputs.frame_rate ?? 8);
  return {
    gifs: [
      {
        filename,
        subfolder,
        type: saveOutput ? "output" : "temp",
        format,
        frame_rate: rate.ok ? rate.value : 8,
        workflow,
        fullpath: path.join(folder, filename),
      },
    ],
  };
}

/** SaveImage: `<prefix>_<NNNNN>_.png` per image in output/ (the emulator's frames are the tiny PNG). */
export function writeSaveImage(dirs: OutputDirs, inputs: { filename_prefix?: unknown }) {
  const prefix = path.posix.normalize(String(inputs.filename_prefix ?? "ComfyUI"));
  const subfolder = path.posix.dirname(prefix) === "." ? "" : path.posix.dirname(prefix);
  const base = path.posix.basename(prefix);
  const folder = path.resolve(dirs.output, subfolder);
  if (folder !== dirs.output && !folder.startsWith(dirs.output + path.sep)) {
    throw new NodeFailure("Exception", `Saving image outside the output folder is not allowed.`);
  }
  mkdirSync(folder, { recursive: true });
  const filename = `${base}_${String(nextCounter(folder, base)).padStart(5, "0")}_.png`;
  writeFileSync(path.join(folder, filename), tinyPng);
  return { images: [{ filename, subfolder, type: "output" }] };
}
