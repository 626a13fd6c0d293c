import { describe, expect, it } from "vitest";
import { discordSetupHelp } from "../../src/discord/setup-help.js";

describe("the Discord setup help", () => {
  it("GIVEN DISCORD_APPLICATION_ID is set THEN the invite link carries it instead of the placeholder", () => {
    const help = discordSetupHelp(["DISCORD_TOKEN"], "123456789012345678");
    expect(help).toContain("client_id=123456789012345678&");
    expect(help).not.toContain("<DISCORD_APPLICATION_ID>");
    expect(help).toContain("Public Bot");
  });

  it("GIVEN no application id THEN the link shows where it goes", () => {
    expect(discordSetupHelp(["DISCORD_TOKEN", "DISCORD_APPLICATION_ID"])).toContain(
      "client_id=<DISCORD_APPLICATION_ID>&",
    );
  });
});
