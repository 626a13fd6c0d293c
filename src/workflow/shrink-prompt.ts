import type { ApiPrompt } from "../comfy/prompt.js";
import type { ShrinkSettings } from "../media/shrink-size.js";

export const SHRINK_LOAD_NODE_ID = "1";
export const SHRINK_OUTPUT_NODE_ID = "2";

/**
 * A second pass on ComfyUI over a finished video: VideoHelperSuite's Load Video reads the uploaded
 * file (rescaling it when the frame size changes) and Video Combine writes it again at a higher CRF.
 */
export function buildShrinkPrompt(options: {
  /** The name `uploadImage` returned for the video in ComfyUI's input folder. */
  video: string;
  fps: number;
  settings: ShrinkSettings;
  prefix: string;
  source: { width: number; height: number };
}): ApiPrompt {
  const { settings, source } = options;
  const resize = settings.width !== source.width || settings.height !== source.height;
  return {
    [SHRINK_LOAD_NODE_ID]: {
      class_type: "VHS_LoadVideo",
      inputs: {
        video: options.video,
        force_rate: 0,
        force_size: resize ? "Custom" : "Disabled",
        custom_width: settings.width,
        custom_height: settings.height,
        frame_load_cap: 0,
        skip_first_frames: 0,
        select_every_nth: 1,
      },
      _meta: { title: "Load Video (smaller version)" },
    },
    [SHRINK_OUTPUT_NODE_ID]: {
      class_type: "VHS_VideoCombine",
      inputs: {
        images: [SHRINK_LOAD_NODE_ID, 0],
        frame_rate: options.fps,
        loop_count: 0,
        filename_prefix: options.prefix,
        format: "video/h264-mp4",
        pingpong: false,
        save_output: false,
        pix_fmt: "yuv420p",
        crf: settings.crf,
        save_metadata: false,
        trim_to_audio: false,
      },
      _meta: { title: "Video Combine (smaller version)" },
    },
  };
}
