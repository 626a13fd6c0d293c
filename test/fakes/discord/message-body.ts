import { z } from "zod";
import { DiscordHttpError } from "./body.js";
import {
  channelMessageFlags,
  discordLimits as L,
  interactionMessageFlags,
  messageFlags,
} from "./discord-limits.js";
import { FormErrors } from "./form-errors.js";

/** The shape the fake reads; every limit is checked by `checkLimits`, with Discord's error codes. */
const embedSchema = z.looseObject({
  title: z.string().nullish(),
  description: z.string().nullish(),
  fields: z.array(z.looseObject({ name: z.string(), value: z.string() })).nullish(),
  footer: z.looseObject({ text: z.string().nullish() }).nullish(),
  author: z.looseObject({ name: z.string().nullish() }).nullish(),
  thumbnail: z.looseObject({ url: z.string() }).nullish(),
  image: z.looseObject({ url: z.string() }).nullish(),
});

export const messageBodySchema = z.looseObject({
  content: z.string().nullish(),
  embeds: z.array(embedSchema).nullish(),
  components: z.array(z.looseObject({ type: z.number().int() })).nullish(),
  flags: z.number().int().nonnegative().nullish(),
  nonce: z.union([z.string(), z.number().int()]).nullish(),
  enforce_nonce: z.boolean().nullish(),
  allowed_mentions: z
    .looseObject({
      parse: z.array(z.enum(["users", "roles", "everyone"])).nullish(),
      users: z.array(z.string()).nullish(),
      roles: z.array(z.string()).nullish(),
      replied_user: z.boolean().nullish(),
    })
    .nullish(),
  attachments: z
    .array(
      z.looseObject({
        id: z.union([z.string(), z.number()]),
        filename: z.string().nullish(),
        description: z.string().nullish(),
      }),
    )
    .nullish(),
  message_reference: z.looseObject({ message_id: z.string() }).nullish(),
});

export type MessageBody = z.infer<typeof messageBodySchema>;
type Embed = z.infer<typeof embedSchema>;

/** Where a body goes: interaction responses and follow-ups may set EPHEMERAL, channel messages may not. */
export type BodyTarget = "channel" | "interaction";

export function parseMessageBody(json: unknown, target: BodyTarget = "interaction"): MessageBody {
  const parsed = messageBodySchema.safeParse(json ?? {});
  const errors = new FormErrors();
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors.add(issue.path, "BASE_TYPE_INVALID", issue.message);
    errors.throwIfAny();
  }
  const body = parsed.data!;
  checkLimits(body, target, errors);
  errors.throwIfAny();
  return body;
}

/** Discord refuses a new message with nothing to show (50006). */
export function assertNotEmpty(body: MessageBody, fileCount: number): void {
  const hasContent = (body.content ?? "").length > 0 || (body.embeds ?? []).length > 0;
  if (hasContent || fileCount > 0 || (body.components ?? []).length > 0) return;
  throw new DiscordHttpError(400, 50006, "Cannot send an empty message");
}

function checkLimits(body: MessageBody, target: BodyTarget, errors: FormErrors): void {
  errors.maxLength(["content"], body.content, L.content.max);
  const embeds = body.embeds ?? [];
  errors.maxItems(["embeds"], embeds, L.embeds.max);
  embeds.forEach((embed, i) => checkEmbed(embed, ["embeds", i], errors));
  const total = embeds.reduce((sum, e) => sum + embedLength(e), 0);
  if (total > L.embedTotal.max)
    errors.add(
      ["embeds"],
      "MAX_EMBED_SIZE_EXCEEDED",
      `Embed size exceeds maximum size of ${L.embedTotal.max}`,
    );

  const allowed = target === "channel" ? channelMessageFlags : interactionMessageFlags;
  if (body.flags && (body.flags & ~allowed) !== 0)
    errors.add(["flags"], "MESSAGE_FLAGS_INVALID", "Invalid flags: only documented message flags may be set");
  checkComponents(body.components ?? [], ((body.flags ?? 0) & messageFlags.isComponentsV2) !== 0, errors);

  if (typeof body.nonce === "string") errors.maxLength(["nonce"], body.nonce, L.nonce.max);
  const mentions = body.allowed_mentions;
  if (mentions) {
    errors.maxItems(["allowed_mentions", "users"], mentions.users, L.allowedMentionIds.max);
    errors.maxItems(["allowed_mentions", "roles"], mentions.roles, L.allowedMentionIds.max);
    for (const kind of ["users", "roles"] as const) {
      if (mentions.parse?.includes(kind) && (mentions[kind]?.length ?? 0) > 0)
        errors.add(
          ["allowed_mentions", "parse"],
          "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
          `parse:["${kind}"] and ${kind}: [ids] are mutually exclusive.`,
        );
    }
  }
  const attachments = body.attachments ?? [];
  errors.maxItems(["attachments"], attachments, L.attachments.max);
  attachments.forEach((a, i) => {
    if (!/^\d+$/.test(String(a.id)))
      errors.add(["attachments", i, "id"], "NUMBER_TYPE_COERCE", `Value "${String(a.id)}" is not snowflake.`);
    errors.maxLength(["attachments", i, "description"], a.description, L.attachmentDescription.max);
  });
}

function checkEmbed(embed: Embed, at: (string | number)[], errors: FormErrors): void {
  errors.maxLength([...at, "title"], embed.title, L.embedTitle.max);
  errors.maxLength([...at, "description"], embed.description, L.embedDescription.max);
  errors.maxItems([...at, "fields"], embed.fields, L.embedFields.max);
  (embed.fields ?? []).forEach((field, j) => {
    errors.maxLength([...at, "fields", j, "name"], field.name, L.embedFieldName.max);
    errors.maxLength([...at, "fields", j, "value"], field.value, L.embedFieldValue.max);
    if (field.name.length === 0)
      errors.add([...at, "fields", j, "name"], "BASE_TYPE_REQUIRED", "This field is required");
    if (field.value.length === 0)
      errors.add([...at, "fields", j, "value"], "BASE_TYPE_REQUIRED", "This field is required");
  });
  errors.maxLength([...at, "footer", "text"], embed.footer?.text, L.embedFooterText.max);
  errors.maxLength([...at, "author", "name"], embed.author?.name, L.embedAuthorName.max);
}

function embedLength(embed: Embed): number {
  const fields = (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0);
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    fields +
    (embed.footer?.text?.length ?? 0) +
    (embed.author?.name?.length ?? 0)
  );
}

/** The `attachment://name` references of a body's embeds, with where they sit. */
export function attachmentReferences(body: MessageBody): { name: string; path: (string | number)[] }[] {
  const refs: { name: string; path: (string | number)[] }[] = [];
  (body.embeds ?? []).forEach((embed, i) => {
    for (const key of ["thumbnail", "image"] as const) {
      const url = embed[key]?.url;
      if (url?.startsWith("attachment://"))
        refs.push({ name: url.slice("attachment://".length), path: ["embeds", i, key, "url"] });
    }
  });
  return refs;
}

function checkComponents(rows: Record<string, unknown>[], componentsV2: boolean, errors: FormErrors): void {
  const customIds = new Set<string>();
  let total = 0;
  const visit = (node: unknown, path: (string | number)[], depth: number): void => {
    if (typeof node !== "object" || node === null) return;
    total += 1;
    const component = node as Record<string, unknown>;
    const customId = component["custom_id"];
    if (typeof customId === "string") {
      errors.length([...path, "custom_id"], customId, L.customId.min, L.customId.max);
      if (customIds.has(customId))
        errors.add(
          [...path, "custom_id"],
          "COMPONENT_CUSTOM_ID_DUPLICATED",
          "Component custom id cannot be duplicated",
        );
      customIds.add(customId);
    }
    if (component["type"] === 2) checkButton(component, path, errors);
    const children = component["components"];
    if (Array.isArray(children)) {
      if (!componentsV2 && depth === 0)
        errors.maxItems([...path, "components"], children, L.buttonsPerRow.max);
      children.forEach((child, i) => visit(child, [...path, "components", i], depth + 1));
    }
  };
  rows.forEach((row, i) => visit(row, ["components", i], 0));
  if (!componentsV2) errors.maxItems(["components"], rows, L.actionRows.max);
  if (componentsV2 && total > L.componentsV2Total.max)
    errors.add(
      ["components"],
      "BASE_TYPE_MAX_LENGTH",
      `Must be ${L.componentsV2Total.max} or fewer in total.`,
    );
}

/** Link buttons (style 5) carry a url and no custom_id; every other style needs a custom_id. */
function checkButton(button: Record<string, unknown>, path: (string | number)[], errors: FormErrors): void {
  const label = button["label"];
  if (typeof label === "string") errors.maxLength([...path, "label"], label, L.buttonLabel.max);
  const isLink = button["style"] === 5;
  const url = button["url"];
  if (isLink) {
    if (typeof url !== "string") errors.add([...path, "url"], "BASE_TYPE_REQUIRED", "This field is required");
    else errors.maxLength([...path, "url"], url, L.buttonUrl.max);
    if (button["custom_id"] !== undefined)
      errors.add([...path, "custom_id"], "BUTTON_LINK_CUSTOM_ID", "A link button cannot have a custom id.");
  } else if (typeof button["custom_id"] !== "string") {
    errors.add([...path, "custom_id"], "BASE_TYPE_REQUIRED", "This field is required");
  }
}
