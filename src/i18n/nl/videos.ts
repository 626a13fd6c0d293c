import type { videosEn } from "../en/videos.js";

export const videosNl = {
  "cmd.videos.name": "videos",
  "cmd.videos.description": "Je klaargemaakte video's, nieuwste eerst, met hun prompt en instellingen",
  "videos.none": "Je hebt nog geen klaargemaakte video's. Maak er een met /i2v.",
  "videos.header": "Je klaargemaakte video's · pagina {page}",
  "videos.title": "Video {n}",
  "videos.open": "Open de video",
  "videos.noMessage": "Het bericht met de video is niet bekend.",
} satisfies Record<keyof typeof videosEn, string>;
