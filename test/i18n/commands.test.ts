import { ApplicationCommandType } from "discord.js";
import { describe, expect, it } from "vitest";
import { createCommands } from "../../commands/index.js";
import { loadConfig } from "../../src/config.js";

/** Discord's rule for slash command and option names, in every language. */
const slashName = /^[-_\p{L}\p{N}]{1,32}$/u;

interface Localized {
  name: string;
  name_localizations?: Record<string, string | null> | null;
  description?: string;
  description_localizations?: Record<string, string | null> | null;
  options?: Localized[];
  choices?: Localized[];
}

const commands = createCommands(loadConfig({})).map((c) => c.data as Localized & { type?: number });

function expectSlashName(name: string | null | undefined, where: string) {
  expect(name, where).toMatch(slashName);
  expect(name, where).toBe(name?.toLowerCase());
}

function expectDescription(text: string | null | undefined, where: string) {
  expect(text?.trim().length ?? 0, where).toBeGreaterThan(0);
  expect(text!.length, where).toBeLessThanOrEqual(100);
}

describe("command definitions in Dutch", () => {
  it.each(commands.map((c) => [c.name, c] as const))(
    "GIVEN /%s THEN its name, description, options and choices have Dutch versions within Discord's limits",
    (_name, command) => {
      const dutchName = command.name_localizations?.nl;
      if ((command.type ?? ApplicationCommandType.ChatInput) === ApplicationCommandType.ChatInput) {
        expectSlashName(dutchName, command.name);
        expectDescription(command.description, command.name);
        expectDescription(command.description_localizations?.nl, `${command.name} (nl)`);
      } else {
        expect(dutchName?.length ?? 0, command.name).toBeGreaterThan(0);
        expect(dutchName!.length).toBeLessThanOrEqual(32);
      }

      const options = command.options ?? [];
      for (const option of options) {
        const where = `${command.name} ${option.name}`;
        expectSlashName(option.name_localizations?.nl, where);
        expectDescription(option.description_localizations?.nl, `${where} (nl)`);
        for (const choice of option.choices ?? []) {
          const dutch = choice.name_localizations?.nl;
          expect(dutch?.length ?? 0, `${where} ${choice.name}`).toBeGreaterThan(0);
          expect(dutch!.length).toBeLessThanOrEqual(100);
        }
      }
      const dutchOptionNames = options.map((o) => o.name_localizations?.nl);
      expect(new Set(dutchOptionNames).size).toBe(dutchOptionNames.length);
    },
  );

  it("GIVEN the Dutch command names THEN no two commands share one", () => {
    const slash = commands.filter((c) => (c.type ?? 1) === ApplicationCommandType.ChatInput);
    const names = slash.map((c) => c.name_localizations?.nl);
    expect(new Set(names).size).toBe(names.length);
  });

  it("GIVEN a Dutch user THEN /queue and /cancel read as Dutch words", () => {
    const dutch = (name: string) => commands.find((c) => c.name === name)?.name_localizations?.nl;
    expect(dutch("queue")).toBe("wachtrij");
    expect(dutch("cancel")).toBe("annuleren");
  });
});
