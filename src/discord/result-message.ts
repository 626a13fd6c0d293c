import type { Message } from "discord.js";

const jobButton = /^(?:reroll|again|continue):([0-9a-f-]{36})$/;

/** The job behind one of the bot's own result messages, read from its buttons; undefined otherwise. */
export function jobIdOfResultMessage(message: Message, botUserId: string | undefined): string | undefined {
  if (!botUserId || message.author?.id !== botUserId) return undefined;
  for (const row of message.components) {
    if (!("components" in row)) continue;
    for (const component of row.components) {
      const customId = "customId" in component ? component.customId : null;
      const match = customId ? jobButton.exec(customId) : null;
      if (match?.[1]) return match[1];
    }
  }
  return undefined;
}
