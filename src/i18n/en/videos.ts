/** The /videos command: the caller's finished videos. */
export const videosEn = {
  "cmd.videos.name": "videos",
  "cmd.videos.description": "Your finished videos, newest first, with their prompts and settings",
  "videos.none": "You have no finished videos yet. Make one with /i2v.",
  "videos.header": "Your finished videos · page {page}",
  "videos.title": "Video {n}",
  "videos.open": "Open the video",
  "videos.noMessage": "The result message is not known.",
} as const;
