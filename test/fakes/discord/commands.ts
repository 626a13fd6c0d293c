import { z } from "zod";
import { invalidFormBody } from "./body.js";

const chatInputName = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

const optionSchema = z.looseObject({
  type: z.number().int().min(1).max(11),
  name: z.string().regex(chatInputName),
  description: z.string().min(1).max(100),
  choices: z
    .array(
      z.looseObject({ name: z.string().min(1).max(100), value: z.union([z.string().max(100), z.number()]) }),
    )
    .max(25)
    .optional(),
  autocomplete: z.boolean().optional(),
});

const commandSchema = z
  .looseObject({
    type: z.number().int().optional(),
    name: z.string().min(1).max(32),
    description: z.string().max(100).optional(),
    options: z.array(optionSchema).max(25).optional(),
  })
  .superRefine((command, ctx) => {
    if ((command.type ?? 1) !== 1) return;
    if (!chatInputName.test(command.name) || command.name !== command.name.toLowerCase()) {
      ctx.addIssue({ code: "custom", path: ["name"], message: "Command name is invalid" });
    }
    if (!command.description)
      ctx.addIssue({ code: "custom", path: ["description"], message: "This field is required" });
    for (const [i, option] of (command.options ?? []).entries()) {
      if (option.autocomplete && option.choices) {
        ctx.addIssue({
          code: "custom",
          path: ["options", i, "autocomplete"],
          message: "Autocomplete cannot be set with choices",
        });
      }
    }
  });

export interface StoredCommand extends Record<string, unknown> {
  id: string;
  name: string;
  type: number;
  options?: { name: string; type: number }[];
}

/** Commands registered with bulk overwrite (PUT), kept per scope ("global" or a guild id). */
export class CommandRegistry {
  private readonly scopes = new Map<string, StoredCommand[]>();

  constructor(
    private readonly applicationId: string,
    private readonly nextId: () => string,
  ) {}

  list(scope: string): StoredCommand[] {
    return this.scopes.get(scope) ?? [];
  }

  overwrite(scope: string, json: unknown): StoredCommand[] {
    const parsed = z.array(commandSchema).max(100).safeParse(json);
    if (!parsed.success) {
      throw invalidFormBody(
        Object.fromEntries(
          parsed.error.issues.map((i) => [
            i.path.join("."),
            { _errors: [{ code: "INVALID", message: i.message }] },
          ]),
        ),
      );
    }
    const previous = this.list(scope);
    const stored = parsed.data.map((command): StoredCommand => {
      const type = command.type ?? 1;
      const kept = previous.find((p) => p.name === command.name && p.type === type);
      return {
        default_member_permissions: null,
        nsfw: false,
        ...command,
        id: kept?.id ?? this.nextId(),
        application_id: this.applicationId,
        version: this.nextId(),
        type,
        description: command.description ?? "",
        ...(scope === "global" ? {} : { guild_id: scope }),
      };
    });
    this.scopes.set(scope, stored);
    return stored;
  }

  /** The command an interaction for `name` would reference: guild command first, then global. */
  find(name: string, type: number, guildId: string | null): StoredCommand | undefined {
    const match = (c: StoredCommand) => c.name === name && c.type === type;
    return (guildId ? this.list(guildId).find(match) : undefined) ?? this.list("global").find(match);
  }
}
