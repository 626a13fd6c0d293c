import type { PickedImage } from "./animate-image.js";

/** How long the image picked from the context menu waits for its modal (Discord's token lifetime). */
const keepMs = 15 * 60_000;

/**
 * The image the context menu found, kept until the modal comes back. The context-menu interaction
 * carries the target message in full; fetching it again later would need the privileged Message
 * Content intent for other people's messages, so the REST fetch is only the fallback after a restart.
 */
export function createAnimatePicks(now: () => number = Date.now) {
  const picks = new Map<string, { image: PickedImage; at: number }>();
  const key = (userId: string, messageId: string) => `${userId}:${messageId}`;
  return {
    remember(userId: string, messageId: string, image: PickedImage) {
      const at = now();
      for (const [k, v] of picks) if (at - v.at > keepMs) picks.delete(k);
      picks.set(key(userId, messageId), { image, at });
    },
    take(userId: string, messageId: string): PickedImage | undefined {
      const entry = picks.get(key(userId, messageId));
      picks.delete(key(userId, messageId));
      return entry && now() - entry.at <= keepMs ? entry.image : undefined;
    },
  };
}

/** One per process: the command and its modal handler are module-level objects. */
export const animatePicks = createAnimatePicks();
