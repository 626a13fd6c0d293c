import { z } from "zod";
import { DiscordHttpError, invalidFormBody } from "./body.js";
import type { EventLog } from "./events.js";
import type { RecordedCallback } from "./index.js";
import { allowedCallbacks, type InteractionRecord, type InteractionStore } from "./interactions.js";
import { ephemeralFlag, loadingFlag, type MessageStore, type StoredMessage } from "./messages.js";
import { noContent, ok, param, type Route, type RouteContext, type RouteResult } from "./router.js";

const callbackSchema = z.looseObject({ type: z.number().int(), data: z.unknown().optional() });
const choicesSchema = z.looseObject({
  choices: z
    .array(
      z.looseObject({ name: z.string().min(1).max(100), value: z.union([z.string().max(100), z.number()]) }),
    )
    .max(25),
});
const modalSchema = z.looseObject({
  custom_id: z.string().min(1).max(100),
  title: z.string().min(1).max(45),
  components: z.array(z.unknown()).min(1).max(5),
});

export interface InteractionDeps {
  interactions: InteractionStore;
  messages: MessageStore;
  events: EventLog;
  now: () => number;
}

/** `POST /interactions/{id}/{token}/callback`: the single initial response (NOTES.md §1.1, §2.3). */
export function interactionCallbackRoute(deps: InteractionDeps): Route {
  return {
    method: "POST",
    pattern: /^\/interactions\/(\d+)\/([^/]+)\/callback$/,
    auth: "none",
    handler: (ctx) => {
      const id = param(ctx, 0);
      const parsed = callbackSchema.safeParse(ctx.body.json);
      const callback: RecordedCallback = {
        interactionId: id,
        at: deps.now(),
        type: parsed.success ? parsed.data.type : -1,
        data: parsed.success ? parsed.data.data : ctx.body.json,
        files: ctx.body.files,
        status: 0,
        errorCode: null,
      };
      const record = deps.interactions.get(id);
      try {
        const result = acknowledge(deps, ctx, record, parsed.success ? parsed.data : null);
        callback.status = result.status;
        return result;
      } catch (error) {
        callback.status = error instanceof DiscordHttpError ? error.status : 500;
        callback.errorCode = error instanceof DiscordHttpError ? error.code : null;
        throw error;
      } finally {
        record?.callbacks.push(callback);
        deps.events.emit({ type: "callback", callback });
      }
    },
  };
}

function acknowledge(
  deps: InteractionDeps,
  ctx: RouteContext,
  record: InteractionRecord | undefined,
  body: z.infer<typeof callbackSchema> | null,
): RouteResult {
  if (!record || record.token !== param(ctx, 1))
    throw new DiscordHttpError(404, 10062, "Unknown interaction");
  if (record.ackType !== null)
    throw new DiscordHttpError(400, 40060, "Interaction has already been acknowledged.");
  if (deps.interactions.isLate(record) || deps.interactions.tokenState(record) === "expired") {
    throw new DiscordHttpError(404, 10062, "Unknown interaction");
  }
  if (!body)
    throw invalidFormBody({
      type: { _errors: [{ code: "BASE_TYPE_REQUIRED", message: "This field is required" }] },
    });
  if (!allowedCallbacks[record.type]?.includes(body.type)) {
    throw invalidFormBody({
      type: {
        _errors: [
          { code: "INTERACTION_RESPONSE_TYPE_INVALID", message: "Invalid interaction response type" },
        ],
      },
    });
  }
  const message = respond(deps, record, body.type, body.data, ctx);
  record.ackType = body.type;
  if (ctx.query.get("with_response") !== "true") return noContent;
  return ok({
    interaction: {
      id: record.id,
      type: record.type,
      ...(message
        ? {
            response_message_id: message.id,
            response_message_loading: (message.flags & loadingFlag) !== 0,
            response_message_ephemeral: message.ephemeral,
          }
        : {}),
    },
    resource: {
      type: body.type,
      ...(message && (body.type === 4 || body.type === 7) ? { message: deps.messages.toApi(message) } : {}),
    },
  });
}

function respond(
  deps: InteractionDeps,
  record: InteractionRecord,
  type: number,
  data: unknown,
  ctx: RouteContext,
): StoredMessage | null {
  const { messages } = deps;
  const base = { channelId: record.channelId, meta: record.meta, type: record.messageType };
  switch (type) {
    case 4: {
      const message = messages.create({ ...base, json: data, files: ctx.body.files });
      record.originalMessageId = message.id;
      return message;
    }
    case 5: {
      const flags = ((data as { flags?: unknown } | undefined)?.flags as number | undefined) ?? 0;
      if ((flags & ~ephemeralFlag) !== 0)
        throw invalidFormBody({
          data: {
            flags: {
              _errors: [{ code: "INVALID", message: "Only EPHEMERAL may be set on a deferred response" }],
            },
          },
        });
      const message = messages.create({
        ...base,
        json: { flags },
        files: [],
        extraFlags: loadingFlag,
        allowEmpty: true,
      });
      record.originalMessageId = message.id;
      return message;
    }
    case 6:
    case 7: {
      const source = record.sourceMessageId ? messages.get(record.sourceMessageId) : undefined;
      if (!source)
        throw new DiscordHttpError(400, 50035, "Invalid Form Body: the interaction has no message to update");
      record.originalMessageId = source.id;
      return type === 7 ? messages.edit(source, data, ctx.body.files, "callback") : source;
    }
    case 8:
      if (!choicesSchema.safeParse(data).success)
        throw invalidFormBody({
          data: { choices: { _errors: [{ code: "INVALID", message: "Invalid choices" }] } },
        });
      return null;
    case 9:
      if (!modalSchema.safeParse(data).success)
        throw invalidFormBody({ data: { _errors: [{ code: "INVALID", message: "Invalid modal" }] } });
      return null;
    default:
      return null;
  }
}
