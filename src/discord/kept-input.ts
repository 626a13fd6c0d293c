import type { APIEmbed } from "discord.js";
import type { JobRecord } from "../jobs/job.js";

/**
 * An edit keeps the input picture by naming its attachment id; `attachment://input.png` may only
 * refer to a file of the same request or a kept attachment (docs: reference#uploading-files and
 * #editing-message-attachments: "only files listed in the attachments parameter will be" kept).
 * A job stored before the id was recorded loses its thumbnail instead of sending a dangling reference.
 */
export function keepInput<T extends { embeds: APIEmbed[] }>(
  job: JobRecord,
  body: T,
): T & { attachments?: { id: string }[] } {
  const id = job.origin.inputAttachmentId;
  if (id) return { ...body, attachments: [{ id }] };
  return { ...body, embeds: body.embeds.map(({ thumbnail: _t, ...embed }) => embed) };
}
