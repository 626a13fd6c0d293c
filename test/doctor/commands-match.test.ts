import { describe, expect, test } from "vitest";
import { createCommands } from "../../commands/index.js";
import { commandShapeSchema, compareCommands } from "../../src/doctor/commands-match.js";
import { configFrom } from "./support.js";

const shapes = (commands: unknown[]) => commands.map((c) => commandShapeSchema.parse(c));
const ours = (env: Record<string, string> = {}) => createCommands(configFrom(env)).map((c) => c.data);

/** What Discord lists back: ids and versions added, `required: false` spelled out, guild fields dropped. */
function asDiscordLists(commands: unknown[]): unknown[] {
  return structuredClone(commands).map((command, i) => {
    const { contexts: _c, integration_types: _i, ...rest } = command as Record<string, unknown>;
    const options = (rest["options"] as Record<string, unknown>[] | undefined)?.map((o) => ({
      required: false,
      ...o,
    }));
    return {
      id: String(1000 + i),
      version: "1",
      application_id: "1",
      ...rest,
      ...(options ? { options } : {}),
    };
  });
}

describe("compareCommands", () => {
  test("GIVEN the commands as Discord lists them after register THEN there is no difference", () => {
    expect(compareCommands(shapes(ours()), shapes(asDiscordLists(ours())))).toEqual({
      missing: [],
      outdated: [],
      extra: [],
    });
  });

  test("GIVEN MAX_DURATION_SECONDS changed since register THEN /i2v is outdated", () => {
    const registered = shapes(asDiscordLists(ours({ MAX_DURATION_SECONDS: "10" })));
    const diff = compareCommands(shapes(ours({ MAX_DURATION_SECONDS: "20" })), registered);
    expect(diff).toEqual({ missing: [], outdated: ["i2v"], extra: [] });
  });

  test("GIVEN one command not registered and a foreign one registered THEN both are named", () => {
    const registered = asDiscordLists(ours()).filter((c) => (c as { name: string }).name !== "help");
    registered.push({ id: "9", name: "imagine", type: 1, description: "old bot" });
    expect(compareCommands(shapes(ours()), shapes(registered))).toEqual({
      missing: ["help"],
      outdated: [],
      extra: ["imagine"],
    });
  });
});
