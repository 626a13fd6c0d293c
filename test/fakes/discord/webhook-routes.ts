import { DiscordHttpError } from "./body.js";
import type { InteractionDeps } from "./interaction-routes.js";
import type { InteractionRecord } from "./interactions.js";
import { loadingFlag, type StoredMessage } from "./messages.js";
import { noContent, ok, param, type Route, type RouteContext } from "./router.js";

const messagePath = /^\/webhooks\/(\d+)\/([^/]+)\/messages\/(@original|\d+)$/;

/** Interaction-token webhook routes: edit/fetch/delete responses and follow-ups (no bot auth). */
export function webhookRoutes(deps: InteractionDeps & { applicationId: string }): Route[] {
  const recordFor = (ctx: RouteContext): InteractionRecord => {
    const record = deps.interactions.withToken(param(ctx, 1));
    if (param(ctx, 0) !== deps.applicationId) throw new DiscordHttpError(404, 10015, "Unknown Webhook");
    const state = deps.interactions.tokenState(record);
    if (!record || state !== "valid") throw new DiscordHttpError(401, 50027, "Invalid Webhook Token");
    // Before the initial response there is no webhook behind the token yet (a guess; Discord does not document it).
    if (record.ackType === null) throw new DiscordHttpError(404, 10015, "Unknown Webhook");
    return record;
  };
  const messageFor = (ctx: RouteContext): { record: InteractionRecord; message: StoredMessage } => {
    const record = recordFor(ctx);
    const which = param(ctx, 2);
    const id = which === "@original" ? record.originalMessageId : which;
    const belongs = id !== null && (id === record.originalMessageId || record.followUpIds.includes(id));
    const message = belongs ? deps.messages.get(id) : undefined;
    if (!message || message.deleted) throw new DiscordHttpError(404, 10008, "Unknown Message");
    return { record, message };
  };

  return [
    {
      method: "GET",
      pattern: messagePath,
      auth: "none",
      handler: (ctx) => ok(deps.messages.toApi(messageFor(ctx).message)),
    },
    {
      method: "PATCH",
      pattern: messagePath,
      auth: "none",
      handler: (ctx) => {
        const { message } = messageFor(ctx);
        return ok(deps.messages.toApi(deps.messages.edit(message, ctx.body.json, ctx.body.files, "webhook")));
      },
    },
    {
      method: "DELETE",
      pattern: messagePath,
      auth: "none",
      handler: (ctx) => {
        deps.messages.delete(messageFor(ctx).message);
        return noContent;
      },
    },
    {
      method: "POST",
      pattern: /^\/webhooks\/(\d+)\/([^/]+)$/,
      auth: "none",
      handler: (ctx) => {
        const record = recordFor(ctx);
        const original = record.originalMessageId ? deps.messages.get(record.originalMessageId) : undefined;
        // Observed, not documented (discord-api-docs#2739, #3087): once the deferred reply is deleted,
        // follow-ups on its token fail with 10008 Unknown Message.
        if (original?.deleted) throw new DiscordHttpError(404, 10008, "Unknown Message");
        // Documented (deprecated) quirk: the first follow-up after a defer replaces the loading message.
        const message =
          original && !original.deleted && (original.flags & loadingFlag) !== 0
            ? deps.messages.edit(original, ctx.body.json, ctx.body.files, "webhook")
            : createFollowUp(deps, record, ctx);
        return ctx.query.get("wait") === "true" ? ok(deps.messages.toApi(message)) : noContent;
      },
    },
  ];
}

function createFollowUp(deps: InteractionDeps, record: InteractionRecord, ctx: RouteContext): StoredMessage {
  const meta = {
    ...record.meta,
    ...(record.originalMessageId ? { originalResponseId: record.originalMessageId } : {}),
  };
  const message = deps.messages.create({
    channelId: record.channelId,
    json: ctx.body.json,
    files: ctx.body.files,
    meta,
    type: record.messageType,
  });
  record.followUpIds.push(message.id);
  return message;
}
