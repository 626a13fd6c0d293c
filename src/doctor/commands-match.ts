import { z } from "zod";

/** The parts of a command option users notice; Discord's defaults are filled so both sides compare equal. */
interface OptionShape {
  type: number;
  name: string;
  required: boolean;
  autocomplete: boolean;
  choices: unknown[];
  min_value?: number | undefined;
  max_value?: number | undefined;
  min_length?: number | undefined;
  max_length?: number | undefined;
  options: OptionShape[];
}

const optionSchema: z.ZodType<OptionShape, unknown> = z.lazy(() =>
  z
    .looseObject({
      type: z.number(),
      name: z.string(),
      required: z.boolean().optional(),
      autocomplete: z.boolean().optional(),
      choices: z.array(z.looseObject({ value: z.unknown() })).optional(),
      min_value: z.number().optional(),
      max_value: z.number().optional(),
      min_length: z.number().optional(),
      max_length: z.number().optional(),
      options: z.array(optionSchema).optional(),
    })
    .transform((o) => ({
      type: o.type,
      name: o.name,
      required: o.required ?? false,
      autocomplete: o.autocomplete ?? false,
      choices: (o.choices ?? []).map((c) => c.value),
      min_value: o.min_value,
      max_value: o.max_value,
      min_length: o.min_length,
      max_length: o.max_length,
      options: o.options ?? [],
    })),
);

/** A command as Discord lists it (or as we send it): type 1 when omitted, as Discord does. */
export const commandShapeSchema = z
  .looseObject({ name: z.string(), type: z.number().optional(), options: z.array(optionSchema).optional() })
  .transform((c) => ({ name: c.name, type: c.type ?? 1, options: c.options ?? [] }));
export type CommandShape = z.output<typeof commandShapeSchema>;

export interface CommandDifferences {
  missing: string[];
  outdated: string[];
  extra: string[];
}

const key = (c: CommandShape) => `${c.type}:${c.name}`;

/** How the registered commands differ from ours, by name and type, then by options. */
export function compareCommands(expected: CommandShape[], registered: CommandShape[]): CommandDifferences {
  const theirs = new Map(registered.map((c) => [key(c), c]));
  const ours = new Set(expected.map(key));
  const missing: string[] = [];
  const outdated: string[] = [];
  for (const command of expected) {
    const found = theirs.get(key(command));
    if (!found) missing.push(command.name);
    else if (JSON.stringify(found.options) !== JSON.stringify(command.options)) outdated.push(command.name);
  }
  const extra = registered.filter((c) => !ours.has(key(c))).map((c) => c.name);
  return { missing, outdated, extra };
}

export const noDifferences = (d: CommandDifferences) =>
  d.missing.length === 0 && d.outdated.length === 0 && d.extra.length === 0;
