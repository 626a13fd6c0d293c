import type { RawFile } from "discord.js";
import { z } from "zod";
import type { PreviewImage } from "../jobs/lane.js";
import { scalePreview } from "../media/preview-image.js";
import { inputImageName } from "./job-embeds.js";

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
  /** The input thumbnail's attachment id, learned from Discord's answer to the first preview edit. */
  inputId?: string;
}

export interface PreviewEdit {
  /** For the embed's `image`, when the message shows a preview. */
  imageUrl?: string;
  files?: RawFile[];
  /** The attachments to keep: the input thumbnail and the new frame, so frames replace each other. */
  attachments?: { id: string | number; filename?: string }[];
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

  /** What the next progress edit adds; an empty object when there is no preview to show. */
  async forEdit(jobId: string): Promise<PreviewEdit> {
    const entry = this.jobs.get(jobId);
    if (!entry) return {};
    const imageUrl = `attachment://${previewImageName}`;
    if (!entry.latest || entry.seq === entry.sentSeq) return entry.shown ? { imageUrl } : {};
    // Without the thumbnail's id a second frame could only be added, not swapped: keep the first.
    if (entry.shown && entry.inputId === undefined) return { imageUrl };
    const seq = entry.seq;
    let data: Buffer;
    try {
      data = await scalePreview(entry.latest.data);
    } catch {
      entry.sentSeq = seq;
      return entry.shown ? { imageUrl } : {};
    }
    entry.sentSeq = seq;
    const files: RawFile[] = [{ name: previewImageName, data, contentType: "image/jpeg" }];
    // Until the thumbnail's id is known, the first frame is added to what the message has.
    if (!entry.shown || entry.inputId === undefined) return { imageUrl, files };
    return {
      imageUrl,
      files,
      attachments: [{ id: entry.inputId }, { id: 0, filename: previewImageName }],
    };
  }

  /** Reads the attachment ids out of Discord's answer to an edit that carried a preview. */
  edited(jobId: string, answer: unknown, carried: PreviewEdit): void {
    const entry = this.jobs.get(jobId);
    if (!entry || !carried.files) return;
    entry.shown = true;
    const parsed = editedSchema.safeParse(answer);
    const input = parsed.success
      ? parsed.data.attachments?.find((a) => a.filename === inputImageName)
      : undefined;
    if (input) entry.inputId = input.id;
  }

  /** The attachments the final edit keeps (only the thumbnail), when a preview was shown. */
  forFinal(jobId: string): { attachments?: { id: string }[] } {
    const entry = this.jobs.get(jobId);
    this.jobs.delete(jobId);
    if (!entry?.shown) return {};
    return { attachments: entry.inputId ? [{ id: entry.inputId }] : [] };
  }

  private entry(jobId: string): JobPreviews {
    let entry = this.jobs.get(jobId);
    if (!entry) this.jobs.set(jobId, (entry = { seq: 0, sentSeq: 0, shown: false }));
    return entry;
  }
}
