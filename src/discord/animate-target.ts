import { DiscordAPIError, type REST, RESTJSONErrorCodes, Routes } from "discord.js";
import { UserError } from "../errors.js";
import { type MessageImages, imagesOfApiMessage } from "./animate-image.js";
import type { AnimateTarget } from "./animate-modal.js";

const gone = new Set<number | string>([RESTJSONErrorCodes.UnknownMessage, RESTJSONErrorCodes.UnknownChannel]);
const forbidden = new Set<number | string>([
  RESTJSONErrorCodes.MissingAccess,
  RESTJSONErrorCodes.MissingPermissions,
]);

/**
 * Reads the target message again when the modal comes back (it may have changed or gone meanwhile,
 * and its attachment links are signed, so fresh ones are better).
 */
export async function fetchTargetImages(rest: REST, target: AnimateTarget): Promise<MessageImages> {
  let body: unknown;
  try {
    body = await rest.get(Routes.channelMessage(target.channelId, target.messageId));
  } catch (error) {
    if (error instanceof DiscordAPIError && gone.has(error.code)) {
      throw new UserError("error.ANIMATE_MESSAGE_GONE", {}, { cause: error });
    }
    if (error instanceof DiscordAPIError && forbidden.has(error.code)) {
      throw new UserError("error.ANIMATE_MESSAGE_UNREADABLE", {}, { cause: error });
    }
    throw error;
  }
  return imagesOfApiMessage(body);
}
