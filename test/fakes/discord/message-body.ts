import { z } from "zod";
import { DiscordHttpError, invalidFormBody } from "./body.js";

const componentsV2Flag = 1 << 15;

const embedSchema = z.looseObject({
  title: z.string().max(256).optional(),
  description: z.string().max(4096).optional(),
  fields: z
    .array(z.looseObject({ name: z.string().max(256), value: z.string().max(1024) }))
    .max(25)
    .optional(),
  footer: z.looseObject({ text: z.string().max(2048) }).optional(),
  author: z.looseObject({ name: z.string().max(256) }).optional(),
});

const componentSchema = z.looseObject({ type: z.number().int() });

/** The message fields Discord validates that a bot can get wrong (NOTES.md §1.5). */
export const messageBodySchema = z
  .looseObject({
    content: z.string().max(2000).nullish(),
    embeds: z.array(embedSchema).max(10).nullish(),
    components: z.array(componentSchema).nullish(),
    flags: z.number().int().nonnegative().nullish(),
    nonce: z.union([z.string().max(25), z.number().int()]).nullish(),
    enforce_nonce: z.boolean().nullish(),
    allowed_mentions: z
      .looseObject({
        parse: z.array(z.enum(["users", "roles", "everyone"])).optional(),
        users: z.array(z.string()).max(100).optional(),
        roles: z.array(z.string()).max(100).optional(),
        replied_user: z.boolean().optional(),
      })
      .nullish(),
    attachments: z
      .array(
        z.looseObject({ id: z.union([z.string(), z.number()]), description: z.string().max(1024).nullish() }),
      )
      .max(10)
      .nullish(),
  })
  .superRefine((body, ctx) => {
    const embedChars = (body.embeds ?? []).reduce((sum, e) => sum + embedLength(e), 0);
    if (embedChars > 6000)
      ctx.addIssue({ code: "custom", path: ["embeds"], message: "Embed size exceeds maximum size of 6000" });
    checkComponents(body.components ?? [], ((body.flags ?? 0) & componentsV2Flag) !== 0, ctx);
  });

export type MessageBody = z.infer<typeof messageBodySchema>;

export function parseMessageBody(json: unknown): MessageBody {
  const parsed = messageBodySchema.safeParse(json ?? {});
  if (parsed.success) return parsed.data;
  const errors: Record<string, unknown> = {};
  for (const issue of parsed.error.issues) {
    let node = errors;
    for (const key of issue.path) node = (node[String(key)] ??= {}) as Record<string, unknown>;
    const list = (node["_errors"] ??= []) as unknown[];
    list.push({ code: "BASE_TYPE_INVALID", message: issue.message });
  }
  throw invalidFormBody(errors);
}

/** Discord refuses a new message with nothing to show (50006). */
export function assertNotEmpty(body: MessageBody, fileCount: number): void {
  const hasContent = (body.content ?? "").length > 0 || (body.embeds ?? []).length > 0;
  if (hasContent || fileCount > 0 || (body.components ?? []).length > 0) return;
  throw new DiscordHttpError(400, 50006, "Cannot send an empty message");
}

function embedLength(embed: z.infer<typeof embedSchema>): number {
  const fields = (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0);
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    fields +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0)
  );
}

function checkComponents(rows: Record<string, unknown>[], componentsV2: boolean, ctx: z.RefinementCtx): void {
  const customIds = new Set<string>();
  let total = 0;
  const visit = (node: unknown, path: (string | number)[]): void => {
    if (typeof node !== "object" || node === null) return;
    total += 1;
    const customId = (node as { custom_id?: unknown }).custom_id;
    if (typeof customId === "string") {
      if (customId.length < 1 || customId.length > 100) {
        ctx.addIssue({
          code: "custom",
          path: [...path, "custom_id"],
          message: "Must be between 1 and 100 in length.",
        });
      }
      if (customIds.has(customId))
        ctx.addIssue({
          code: "custom",
          path: [...path, "custom_id"],
          message: "Component custom id cannot be duplicated",
        });
      customIds.add(customId);
    }
    const children = (node as { components?: unknown }).components;
    if (Array.isArray(children)) {
      if (!componentsV2 && children.length > 5)
        ctx.addIssue({
          code: "custom",
          path: [...path, "components"],
          message: "Must be 5 or fewer in length.",
        });
      children.forEach((child, i) => visit(child, [...path, "components", i]));
    }
  };
  rows.forEach((row, i) => visit(row, ["components", i]));
  if (!componentsV2 && rows.length > 5)
    ctx.addIssue({ code: "custom", path: ["components"], message: "Must be 5 or fewer in length." });
  if (componentsV2 && total > 40)
    ctx.addIssue({ code: "custom", path: ["components"], message: "Must be 40 or fewer in total." });
}
