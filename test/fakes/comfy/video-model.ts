/**
 * How big the emulated encodes are. A real x264 file roughly halves for every 6 CRF steps and scales with
 * the pixel count; the emulator stands in for ffprobe by writing what it encoded (CRF, frame size) into
 * the padding box of each file it writes, and reads that back when VHS_LoadVideo loads the file again.
 */
import { isExecutorLink } from "../../../src/workflow/validate-links.js";
import { pyInt } from "../../../src/workflow/validate-python.js";

type Prompt = Record<string, { class_type: string; inputs: Record<string, unknown> }>;

export interface EncodedVideo {
  crf: number;
  width?: number | undefined;
  height?: number | undefined;
}

const marker = "oelala-emulator:";
/** VideoHelperSuite's default CRF for video/h264-mp4. */
const defaultCrf = 19;

const int = (value: unknown): number | undefined => {
  const parsed = pyInt(value);
  return parsed.ok ? parsed.value : undefined;
};

/** The `free` box payload that says what a file holds. */
export function describeEncoding(meta: EncodedVideo): Buffer {
  return Buffer.from(`${marker}${JSON.stringify(meta)}`, "latin1");
}

/** What an emulated file says it holds; undefined for a file the emulator did not write. */
export function readEncoding(file: Buffer): EncodedVideo | undefined {
  const at = file.indexOf(marker, 0, "latin1");
  if (at < 0) return undefined;
  const end = file.indexOf("}", at, "latin1");
  try {
    return JSON.parse(file.subarray(at + marker.length, end + 1).toString("latin1")) as EncodedVideo;
  } catch {
    return undefined;
  }
}

/** The frame size VHS_LoadVideo hands on: force_size "Custom" rescales to custom_width × custom_height. */
function loadedSize(inputs: Record<string, unknown>, source: EncodedVideo) {
  if (inputs["force_size"] === "Custom")
    return { width: int(inputs["custom_width"]), height: int(inputs["custom_height"]) };
  return { width: source.width, height: source.height };
}

/**
 * The size of a VHS_VideoCombine re-encoding a loaded video, from the source file's size and what it
 * holds; undefined when its frames do not come straight from a VHS_LoadVideo.
 */
export function reencodedSize(
  prompt: Prompt,
  combineId: string,
  readSource: (name: string) => Buffer,
): { bytes: number; meta: EncodedVideo } | undefined {
  const combine = prompt[combineId]!;
  const images = combine.inputs["images"];
  if (!isExecutorLink(images)) return undefined;
  const load = prompt[images[0]];
  if (load?.class_type !== "VHS_LoadVideo") return undefined;
  const file = readSource(String(load.inputs["video"]));
  const source = readEncoding(file) ?? { crf: defaultCrf };
  const size = loadedSize(load.inputs, source);
  const crf = int(combine.inputs["crf"]) ?? defaultCrf;
  const pixels =
    size.width && size.height && source.width && source.height
      ? (size.width * size.height) / (source.width * source.height)
      : 1;
  const bytes = Math.round(file.length * 2 ** ((source.crf - crf) / 6) * pixels);
  return { bytes, meta: { crf, width: size.width, height: size.height } };
}

/** What a first-generation encode holds: its CRF, and its frame size when the prompt spells it out. */
export function encodingOf(prompt: Prompt, combineId: string): EncodedVideo {
  const crf = int(prompt[combineId]?.inputs["crf"]) ?? defaultCrf;
  const wan = Object.values(prompt).find((n) => n.class_type === "WanImageToVideo");
  return { crf, width: int(wan?.inputs["width"]), height: int(wan?.inputs["height"]) };
}
