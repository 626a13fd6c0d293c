import { MessageFlags, type RepliableInteraction } from "discord.js";
import type { Locale } from "../i18n/locale.js";
import { t } from "../i18n/translate.js";
import type { Logger } from "../logger.js";
import { retry } from "../retry.js";

const noMentions = { parse: [] as const };

/** One more try at once; Discord's refusals here are usually momentary. */
async function twice(step: () => Promise<unknown>): Promise<boolean> {
  return retry(step, { delaysMs: [0], sleep: async () => undefined }).then(
    () => true,
    () => false,
  );
}

/**
 * Tells the user about a failure after the interaction was acknowledged, in an order that cannot
 * lose the sentence:
 * - after a public "thinking…": edit it to a short neutral line (ending the loading state, so the
 *   follow-up is a message of its own and not an edit of the loading one, docs:
 *   interactions/receiving-and-responding#create-followup-message), send the sentence as a private
 *   follow-up, and only then delete the public reply. A follow-up after deleting the deferred reply
 *   fails with 10008 (observed: discord-api-docs#2739, #3087), hence the order. When the follow-up
 *   cannot be sent, the sentence goes into the public reply instead of vanishing;
 * - after a private "thinking…": edit it to the sentence, else send it as a private follow-up.
 */
export async function tellAfterDefer(
  interaction: RepliableInteraction,
  content: string,
  options: { publicReply: boolean; locale: Locale; log: Logger },
): Promise<void> {
  const privately = () =>
    interaction.followUp({ content, allowedMentions: noMentions, flags: MessageFlags.Ephemeral });
  const editTo = (text: string) =>
    interaction.editReply({ content: text, embeds: [], components: [], allowedMentions: noMentions });

  if (!options.publicReply) {
    if (await twice(() => editTo(content))) return;
    if (!(await twice(privately))) options.log.warn("could not tell the user about the failure");
    return;
  }
  const neutral = await twice(() => editTo(t(options.locale, "reply.notStarted")));
  if (!(await twice(privately))) {
    // Not private, but read: better than a reply that silently disappears.
    if (!(await twice(() => editTo(content)))) options.log.warn("could not tell the user about the failure");
    return;
  }
  // Without the neutral edit the follow-up may have replaced the loading reply itself: keep it then.
  if (neutral)
    await interaction
      .deleteReply()
      .catch((error: unknown) => options.log.info({ err: error }, "public reply not deleted"));
}
