import { z } from "zod";
import type { PickedImage } from "./animate-image.js";

/** How long the image picked from the context menu waits for its modal (Discord's token lifetime). */
const keepMs = 15 * 60_000;

/** The store's plain key-value records (the job store's `kv`); the only storage calls of Animate. */
export interface PickRecords {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<unknown>;
  delete(key: string): Promise<unknown>;
}

const pickSchema = z.object({
  at: z.number(),
  image: z.object({
    url: z.string(),
    size: z.number().int().nonnegative().optional(),
    contentType: z.string().optional(),
  }),
  messageId: z.string(),
});

/**
 * The image the context menu found (message id, attachment URL, size, type), kept in the job store
 * until the modal comes back, so a restart in between loses nothing. Fetching the message again
 * would need the privileged Message Content intent for other people's messages (docs:
 * topics/gateway#message-content-intent), so the REST fetch is only the fallback.
 */
export function createAnimatePicks(records: PickRecords, now: () => number = Date.now) {
  const key = (userId: string, messageId: string) => `animate-pick:${userId}:${messageId}`;
  return {
    async remember(userId: string, messageId: string, image: PickedImage): Promise<void> {
      await records.set(key(userId, messageId), { at: now(), image, messageId });
    },
    async take(userId: string, messageId: string): Promise<PickedImage | undefined> {
      const k = key(userId, messageId);
      const parsed = pickSchema.safeParse(await records.get(k));
      await records.delete(k);
      if (!parsed.success || now() - parsed.data.at > keepMs) return undefined;
      const { url, size, contentType } = parsed.data.image;
      return { url, ...(size !== undefined ? { size } : {}), ...(contentType ? { contentType } : {}) };
    },
  };
}

export type AnimatePicks = ReturnType<typeof createAnimatePicks>;
