import type { Attachment } from "discord.js";
import type { Config } from "../config.js";
import { downloadImage } from "../media/download.js";

/** Bigger uploads than this are refused before download; Discord itself allows up to 500 MiB for Nitro. */
export const maxImageBytes = 25 * 1024 * 1024;
const downloadTimeoutMs = 20_000;

/** A picture on Discord's CDN with what Discord declared about it. */
export interface DiscordImage {
  url: string;
  size?: number | undefined;
  contentType?: string | null | undefined;
}

/** Fetches a picture from an allowed host, checking what Discord declared before the first byte. */
export function downloadDiscordImage(
  image: DiscordImage,
  config: Config,
  signal?: AbortSignal,
): Promise<Buffer> {
  // A size that is no whole, non-negative number says nothing; a real one is also the download cap.
  const declared =
    image.size !== undefined && Number.isSafeInteger(image.size) && image.size >= 0 ? image.size : undefined;
  return downloadImage(image.url, {
    allowedHosts: config.discord.attachmentHosts,
    maxBytes: declared ? Math.min(maxImageBytes, declared) : maxImageBytes,
    timeoutMs: downloadTimeoutMs,
    ...(declared !== undefined ? { declaredSize: declared } : {}),
    ...(image.contentType ? { declaredContentType: image.contentType } : {}),
    ...(signal ? { signal } : {}),
  });
}

/** Fetches a slash-command attachment. */
export function downloadAttachment(
  attachment: Attachment,
  config: Config,
  signal?: AbortSignal,
): Promise<Buffer> {
  return downloadDiscordImage(attachment, config, signal);
}
