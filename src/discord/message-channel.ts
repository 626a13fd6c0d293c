import { DiscordAPIError, type REST, type RawFile, Routes } from "discord.js";
import type { JobOrigin } from "../jobs/job.js";

/** Discord's answers that mean an interaction token can no longer be used. */
const deadTokenCodes = new Set([50027, 10015, 10062, 10008]);

export function isDeadToken(error: unknown): boolean {
  return error instanceof DiscordAPIError && (deadTokenCodes.has(Number(error.code)) || error.status === 401);
}

export function isUploadTooLarge(error: unknown): boolean {
  return (
    error instanceof DiscordAPIError && (error.status === 413 || error.code === 40005 || error.code === 50045)
  );
}

/** 403 Missing Access / Missing Permissions: the bot may no longer do this in the channel. */
export function isMissingPermission(error: unknown): boolean {
  return error instanceof DiscordAPIError && (error.code === 50013 || error.code === 50001);
}

export interface MessageChannelOptions {
  rest: REST;
  now: () => number;
  /** Interaction tokens live 15 minutes; we stop using them a few minutes earlier. */
  tokenUsableMs: number;
}

/**
 * Edits a job's message through the interaction webhook while its token is fresh, and through the
 * channel route with the bot token after that, so progress goes on past Discord's 15 minutes.
 */
export function createMessageChannel(options: MessageChannelOptions) {
  const { rest, now } = options;

  function tokenFresh(
    origin: JobOrigin,
  ): origin is JobOrigin & { interactionToken: string; applicationId: string } {
    return (
      origin.interactionToken !== undefined &&
      origin.applicationId !== undefined &&
      origin.interactionAt !== undefined &&
      now() - origin.interactionAt < options.tokenUsableMs
    );
  }

  return {
    tokenFresh,

    async edit(origin: JobOrigin, body: unknown, files?: RawFile[]): Promise<void> {
      if (tokenFresh(origin)) {
        try {
          await rest.patch(
            Routes.webhookMessage(origin.applicationId, origin.interactionToken, "@original"),
            {
              body,
              files,
              auth: false,
            },
          );
          return;
        } catch (error) {
          if (!isDeadToken(error)) throw error;
          (origin as JobOrigin).interactionToken = undefined;
        }
      }
      if (!origin.messageId) return;
      await rest.patch(Routes.channelMessage(origin.channelId, origin.messageId), { body, files });
    },

    async post(channelId: string, body: unknown, files?: RawFile[]): Promise<{ id: string }> {
      return (await rest.post(Routes.channelMessages(channelId), { body, files })) as { id: string };
    },

    /** A public follow-up on the job's interaction (needs no channel permission; token must live). */
    async followUp(origin: JobOrigin, body: unknown, files?: RawFile[]): Promise<{ id: string }> {
      if (!tokenFresh(origin)) throw new Error("the interaction token is no longer usable");
      return (await rest.post(Routes.webhook(origin.applicationId, origin.interactionToken), {
        body,
        files,
        auth: false,
        query: new URLSearchParams({ wait: "true" }),
      })) as { id: string };
    },

    /** A direct message to a user (Create DM, then Create Message in it). */
    async direct(userId: string, body: unknown, files?: RawFile[]): Promise<{ id: string }> {
      const dm = (await rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as {
        id: string;
      };
      return (await rest.post(Routes.channelMessages(dm.id), { body, files })) as { id: string };
    },

    /** Bot's recent messages in a channel, newest first (Get Channel Messages, at most 100). */
    async recent(channelId: string, after?: string): Promise<unknown[]> {
      const query = new URLSearchParams({ limit: "100", ...(after ? { after } : {}) });
      return (await rest.get(Routes.channelMessages(channelId), { query })) as unknown[];
    },
  };
}

export type MessageChannel = ReturnType<typeof createMessageChannel>;
