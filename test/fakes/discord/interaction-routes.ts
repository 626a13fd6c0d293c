import { z } from "zod";
import { DiscordHttpError, invalidFormBody } from "./body.js";
import { discordLimits as L } from "./discord-limits.js";
import type { EventLog } from "./events.js";
import { FormErrors } from "./form-errors.js";
import type { RecordedCallback } from "./index.js";
import { allowedCallbacks, type InteractionRecord, type InteractionStore } from "./interactions.js";
import { ephemeralFlag, loadingFlag, type MessageStore, type StoredMessage } from "./messages.js";
import { noContent, ok, param, type Route, type RouteContext, type RouteResult } from "./router.js";

const callbackSchema = z.looseObject({ type: z.number().int(), data: z.unknown().optional() });
const choicesSchema = z.looseObject({
  choices: z.array(z.looseObject({ name: z.string(), value: z.union([z.string(), z.number()]) })),
});
const modalSchema = z.looseObject({
  custom_id: z.string(),
  title: z.string(),
  components: z.array(z.unknown()),
});

function checkChoices(data: unknown): void {
  const parsed = choicesSchema.safeParse(data);
  const errors = new FormErrors();
  if (!parsed.success) errors.add(["data", "choices"], "BASE_TYPE_REQUIRED", "This field is required");
  else {
    const choices = parsed.data.choices;
    errors.maxItems(["data", "choices"], choices, L.autocompleteChoices.max);
    choices.forEach((c, i) => {
      errors.length(["data", "choices", i, "name"], c.name, L.choiceName.min, L.choiceName.max);
      if (typeof c.value === "string")
        errors.maxLength(["data", "choices", i, "value"], c.value, L.choiceValue.max);
    });
  }
  errors.throwIfAny();
}

function checkModal(data: unknown): void {
  const parsed = modalSchema.safeParse(data);
  const errors = new FormErrors();
  if (!parsed.success)
    errors.add(["data"], "BASE_TYPE_REQUIRED", "custom_id, title and components are required");
  else {
    errors.length(["data", "custom_id"], parsed.data.custom_id, L.customId.min, L.customId.max);
    errors.length(["data", "title"], parsed.data.title, L.modalTitle.min, L.modalTitle.max);
    const n = parsed.data.components.length;
    if (n < L.modalComponents.min || n > L.modalComponents.max)
      errors.add(
        ["data", "components"],
        "BASE_TYPE_BAD_LENGTH",
        `Must be between ${L.modalComponents.min} and ${L.modalComponents.max} in length.`,
      );
  }
  errors.throwIfAny();
}

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
      checkChoices(data);
      return null;
    case 9:
      checkModal(data);
      return null;
    default:
      return null;
  }
}
