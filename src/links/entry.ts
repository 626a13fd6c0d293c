import { z } from "zod";

/** What the page says about a video; the caller knows these from the job. */
export const videoMetaSchema = z.object({
  title: z.string(),
  width: z.number().int().positive().max(16_384),
  height: z.number().int().positive().max(16_384),
  durationSeconds: z.number().positive().max(86_400),
  /** A JPEG still shown before playback and as the unfurl thumbnail; inside the video directory. */
  posterPath: z.string().min(1).optional(),
});
export type VideoMeta = z.infer<typeof videoMetaSchema>;

/** One stored link. The token itself is never stored, only its hash as the key. */
export const linkRecordSchema = videoMetaSchema.extend({
  videoPath: z.string().min(1),
  createdAt: z.number(),
  expiresAt: z.number(),
});
export type LinkRecord = z.infer<typeof linkRecordSchema>;

export const linkIndexSchema = z.array(z.string());
