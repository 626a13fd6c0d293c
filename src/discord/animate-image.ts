import type { Message } from "discord.js";
import { z } from "zod";
import type { Config } from "../config.js";
import { checkImageUrl } from "../media/url-guard.js";
import { downloadDiscordImage } from "./attachment-intake.js";

const embedImageSchema = z.object({ url: z.string().optional(), proxyUrl: z.string().optional() }).nullish();

/** The parts of a message that can hold a picture, in one shape for gateway and REST messages. */
const messageImagesSchema = z.object({
  attachments: z.array(
    z.object({
      url: z.string(),
      size: z.number().int().nonnegative().optional(),
      contentType: z.string().nullish(),
    }),
  ),
  embeds: z.array(z.object({ image: embedImageSchema, thumbnail: embedImageSchema })),
});
export type MessageImages = z.infer<typeof messageImagesSchema>;

/** A picture on a message, as the download needs it. */
export interface PickedImage {
  url: string;
  size?: number;
  contentType?: string;
}

/** Reads a discord.js message (the context-menu target). */
export function imagesOfMessage(message: Message): MessageImages {
  return messageImagesSchema.parse({
    attachments: [...message.attachments.values()].map((a) => ({
      url: a.url,
      size: a.size,
      contentType: a.contentType,
    })),
    embeds: message.embeds.map((e) => ({
      image: e.image ? { url: e.image.url, proxyUrl: e.image.proxyURL ?? undefined } : null,
      thumbnail: e.thumbnail ? { url: e.thumbnail.url, proxyUrl: e.thumbnail.proxyURL ?? undefined } : null,
    })),
  });
}

const apiMediaSchema = z
  .looseObject({ url: z.string().optional(), proxy_url: z.string().optional() })
  .nullish();
const apiMessageSchema = z.looseObject({
  attachments: z
    .array(
      z.looseObject({
        url: z.string(),
        size: z.number().int().nonnegative().optional(),
        content_type: z.string().nullish(),
      }),
    )
    .default([]),
  embeds: z.array(z.looseObject({ image: apiMediaSchema, thumbnail: apiMediaSchema })).default([]),
});

/** Reads a message body as Discord's REST API returns it; a malformed body is an error of ours. */
export function imagesOfApiMessage(body: unknown): MessageImages {
  const message = apiMessageSchema.parse(body);
  const media = (m: z.infer<typeof apiMediaSchema>) => (m ? { url: m.url, proxyUrl: m.proxy_url } : null);
  return {
    attachments: message.attachments.map((a) => ({
      url: a.url,
      size: a.size,
      contentType: a.content_type,
    })),
    embeds: message.embeds.map((e) => ({ image: media(e.image), thumbnail: media(e.thumbnail) })),
  };
}

function isAllowed(url: string, allowedHosts: readonly string[]): boolean {
  try {
    checkImageUrl(url, allowedHosts);
    return true;
  } catch {
    return false;
  }
}

/**
 * The first picture on a message: an attachment Discord calls an image, else an embed's image or
 * thumbnail served from an allowed (Discord) host, the embed's own link before Discord's proxy copy.
 */
export function pickImage(images: MessageImages, allowedHosts: readonly string[]): PickedImage | undefined {
  const attachment = images.attachments.find((a) => a.contentType && /^\s*image\//i.test(a.contentType));
  if (attachment) {
    return {
      url: attachment.url,
      ...(attachment.size !== undefined ? { size: attachment.size } : {}),
      ...(attachment.contentType ? { contentType: attachment.contentType } : {}),
    };
  }
  for (const embed of images.embeds) {
    for (const media of [embed.image, embed.thumbnail]) {
      const url = [media?.url, media?.proxyUrl].find(
        (u): u is string => u !== undefined && isAllowed(u, allowedHosts),
      );
      if (url) return { url };
    }
  }
  return undefined;
}

/** Downloads a picked picture under the same guard and limits as a slash-command attachment. */
export function downloadPickedImage(image: PickedImage, config: Config): Promise<Buffer> {
  return downloadDiscordImage(image, config);
}
