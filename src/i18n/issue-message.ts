import { z } from "zod";
import { type MessageKey, isMessageKey } from "./catalogs.js";
import type { Message, ParamsArg } from "./translate.js";

/**
 * A catalog message as a zod error text: zod carries only a string from a schema to its issues, so the
 * key and values travel as JSON and `messageOfIssue` reads them back. No English is ever parsed.
 */
export function issueMessage<K extends MessageKey>(key: K, ...params: ParamsArg<K>): string {
  return JSON.stringify({ key, params: params[0] ?? {} });
}

const carried = z.object({ key: z.string().refine(isMessageKey), params: z.record(z.string(), z.unknown()) });

/** The message an issue carries, or undefined for zod's own wording (which is never shown). */
export function messageOfIssue(issue: { message: string }): Message | undefined {
  let json: unknown;
  try {
    json = JSON.parse(issue.message);
  } catch {
    return undefined;
  }
  const parsed = carried.safeParse(json);
  return parsed.success ? (parsed.data as Message) : undefined;
}
