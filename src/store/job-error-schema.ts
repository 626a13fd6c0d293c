import { z } from "zod";
import { type ErrorKey, en, isMessageKey } from "../i18n/catalogs.js";
import { templatesOf } from "../i18n/plural.js";
import type { Message, ParamValue } from "../i18n/translate.js";
import type { JobError } from "../jobs/job.js";

const knownKey = z.string().refine(isMessageKey);

const paramValue: z.ZodType<ParamValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.object({ or: z.array(z.string()) }),
    z.object({ and: z.array(z.string()) }),
    z.object({ messages: z.array(messageSchema), join: z.string() }),
  ]),
);

/** The names a message's templates fill: a stored message must give each one, or it would show `{name}`. */
function placeholdersOf(key: string): string[] {
  if (!isMessageKey(key)) return [];
  const entry = en[key];
  const names = templatesOf(entry).flatMap((text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!));
  return typeof entry === "string" ? names : [...names, entry.plural];
}

const messageSchema: z.ZodType<Message> = z
  .object({ key: knownKey, params: z.record(z.string(), paramValue) })
  .refine((m) => placeholdersOf(m.key).every((name) => name in m.params))
  .transform((m) => m as Message);

const keyedError = z.object({
  key: z.string(),
  params: z.record(z.string(), z.unknown()),
  detail: z.string().optional(),
  correlationId: z.string(),
});

/** What a record from before keys said: a code and the English sentence. */
const sentenceError = z.object({ code: z.string(), message: z.string(), correlationId: z.string() });

const isErrorKey = (key: string): key is ErrorKey =>
  isMessageKey(key) && (key.startsWith("error.") || key.startsWith("comfy."));

function fromKeyed(error: z.output<typeof keyedError>): JobError {
  const message = messageSchema.safeParse({ key: error.key, params: error.params });
  const { correlationId } = error;
  // A key this version does not know (or with other values) reads as an internal failure, never `{x}`.
  if (!message.success || !isErrorKey(message.data.key))
    return { key: "error.INTERNAL", params: {}, correlationId };
  return { ...(message.data as Message<ErrorKey>), detail: error.detail, correlationId };
}

/** An old record keeps its sentence; one that is exactly a catalog sentence becomes that key again. */
function fromSentence({ code, message, correlationId }: z.output<typeof sentenceError>): JobError {
  for (const key of [`comfy.${code}`, `error.${code}`]) {
    if (isErrorKey(key) && en[key] === message && placeholdersOf(key).length === 0) {
      return { key, params: {}, correlationId } as JobError;
    }
  }
  return { key: "error.STORED", params: { message }, correlationId };
}

/** A stored job's error, in the keyed shape or the sentence shape records had before. */
export const storedJobErrorSchema = z.union([
  keyedError.transform(fromKeyed),
  sentenceError.transform(fromSentence),
]);
