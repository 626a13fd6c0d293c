import type { Attachment } from "discord.js";
import type { Config } from "../config.js";
import { downloadImage } from "../media/download.js";

/** Bigger uploads than this are refused before download; Discord itself allows up to 500 MiB for Nitro. */
export const maxImageBytes = 25 * 1024 * 1024;
const downloadTimeoutMs = 20_000;

/** Fetches a slash-command attachment from Discord's CDN, checking what Discord declared first. */
export function downloadAttachment(
  attachment: Attachment,
  config: Config,
  signal?: AbortSignal,
): Promise<Buffer> {
  return downloadImage(attachment.url, {
    allowedHosts: config.discord.attachmentHosts,
    maxBytes: maxImageBytes,
    timeoutMs: downloadTimeoutMs,
    declaredSize: attachment.size,
    ...(attachment.contentType ? { declaredContentType: attachment.contentType } : {}),
    ...(signal ? { signal } : {}),
  });
}
