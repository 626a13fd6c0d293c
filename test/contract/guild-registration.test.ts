import { afterEach, describe, expect, it, vi } from "vitest";
import { register } from "../../src/cli/register.js";
import { loadConfig } from "../../src/config.js";
import { type FakeDiscord, startFakeDiscord } from "../fakes/discord/index.js";
import { loadSpecValidator, specAvailable } from "./openapi-spec.js";

let discord: FakeDiscord | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await discord?.close();
  discord = undefined;
});

describe("guild registration", () => {
  it("GIVEN register --guild THEN every command keeps contexts and integration_types, as the guild bulk overwrite accepts them", async () => {
    discord = await startFakeDiscord();
    const guildId = discord.guilds[0]!.id;
    vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    await register(
      ["--guild", guildId],
      loadConfig({
        DISCORD_TOKEN: discord.token,
        DISCORD_APPLICATION_ID: discord.applicationId,
        DISCORD_API_URL: discord.apiUrl,
      }),
    );
    const registered = discord.commands(guildId);
    expect(registered.length).toBeGreaterThan(0);
    for (const command of registered) {
      expect(command["contexts"], command.name).toEqual([0]);
      expect(command["integration_types"], command.name).toEqual([0]);
    }
  });

  it.skipIf(!specAvailable)(
    "GIVEN Discord's OpenAPI description THEN the guild bulk overwrite's request schema lists contexts and integration_types",
    () => {
      const spec = loadSpecValidator();
      const op = spec.operationFor("PUT", "/applications/1/guilds/2/commands");
      expect(op?.operationId).toBe("bulk_set_guild_application_commands");
      const result = spec.check("PUT", "/applications/1/guilds/2/commands", [
        { name: "i2v", description: "x", type: 1, contexts: [0], integration_types: [0] },
      ]);
      expect(result).toMatchObject({ valid: true });
      const wrong = spec.check("PUT", "/applications/1/guilds/2/commands", [
        { name: "i2v", description: "x", type: 1, contexts: [] },
      ]);
      expect(wrong).toMatchObject({ valid: false });
    },
  );
});
