import { escapeMarkdown } from "discord.js";

/**
 * User text as plain text in the bot's own messages: Markdown is escaped, so a prompt cannot make a
 * masked link (`[text](url)`) or bold, headings and spoilers that change what the bot appears to say.
 */
export function escapeUserMarkdown(text: string): string {
  return escapeMarkdown(text, { maskedLink: true }).replace(/(?<!\\)\]/g, "\\]");
}
