import type { RawFile } from "discord.js";
import { z } from "zod";
import type { PreviewImage } from "../jobs/lane.js";
import { scalePreview } from "../media/preview-image.js";

export const previewImageName = "preview.jpg";

/** What a message edit returns that matters here: the ids Discord gave its attachments. */
const editedSchema = z.looseObject({
  attachments: z.array(z.looseObject({ id: z.string(), filename: z.string() })).optional(),
});

interface JobPreviews {
  latest?: PreviewImage;
  /** Bumped on every new frame; compared with `sentSeq` so an unchanged frame is not uploaded again. */
  seq: number;
  sentSeq: number;
  /** The message carries a preview attachment now. */
  shown: boolean;
  /** The shown frame's attachment id, from Discord's answer, so an edit without a new frame keeps it. */
  previewId?: string;
}

export interface PreviewEdit {
  /** For the embed's `image`, when the message shows a preview. */
  imageUrl?: string;
  files?: RawFile[];
  /** Attachments to keep or add besides the input thumbnail. */
  attachments?: { id: string; filename?: string }[];
}

/**
 * The latest live preview of each job, carried on progress edits the presenter makes anyway: a new
 * frame replaces the old attachment, and the final edit removes it again.
 */
export class ProgressPreviews {
  private readonly jobs = new Map<string, JobPreviews>();

  constructor(private readonly enabled: boolean) {}

  offer(jobId: string, image: PreviewImage): void {
    if (!this.enabled) return;
    const entry = this.entry(jobId);
    entry.latest = image;
    entry.seq += 1;
  }

  /**
   * What the next progress edit adds: the embed image, a new frame file, and the attachments to keep
   * besides the input thumbnail. Empty when there is no preview to show.
   */
  async forEdit(jobId: string): Promise<PreviewEdit> {
    const entry = this.jobs.get(jobId);
    if (!entry) return {};
    const imageUrl = `attachment://${previewImageName}`;
    const keepShown = (): PreviewEdit =>
      entry.shown && entry.previewId ? { imageUrl, attachments: [{ id: entry.previewId }] } : {};
    if (!entry.latest || entry.seq === entry.sentSeq) return keepShown();
    const seq = entry.seq;
    entry.sentSeq = seq;
    let data: Buffer;
    try {
      data = await scalePreview(entry.latest.data);
    } catch {
      return keepShown();
    }
    return {
      imageUrl,
      files: [{ name: previewImageName, data, contentType: "image/jpeg" }],
      // Listing only the new file (not the old frame) is what makes frames replace each other.
      attachments: [{ id: "0", filename: previewImageName }],
    };
  }

  /** Reads the frame's attachment id out of Discord's answer to an edit that showed a preview. */
  edited(jobId: string, answer: unknown, carried: PreviewEdit): void {
    const entry = this.jobs.get(jobId);
    if (!entry || !carried.imageUrl) return;
    const parsed = editedSchema.safeParse(answer);
    const frame = parsed.success
      ? parsed.data.attachments?.find((a) => a.filename === previewImageName)
      : undefined;
    entry.shown = frame !== undefined;
    entry.previewId = frame?.id;
  }

  /** The job is finished; says whether a frame is attached (the final edit must drop it). */
  forget(jobId: string): boolean {
    const shown = this.jobs.get(jobId)?.shown ?? false;
    this.jobs.delete(jobId);
    return shown;
  }

  private entry(jobId: string): JobPreviews {
    let entry = this.jobs.get(jobId);
    if (!entry) this.jobs.set(jobId, (entry = { seq: 0, sentSeq: 0, shown: false }));
    return entry;
  }
}
