import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";

describe("access configuration", () => {
  it("GIVEN nothing set THEN everyone is allowed, nobody is limited and NSFW_ONLY is off", () => {
    expect(loadConfig({}).access).toEqual({
      allowedGuilds: [],
      allowedChannels: [],
      allowedRoles: [],
      adminUsers: [],
      adminRoles: [],
      dailyQuota: 0,
      maxJobCost: 1000,
      nsfwOnly: false,
    });
    expect(loadConfig({ ALLOWED_ROLES: "", NSFW_ONLY: "", DAILY_QUOTA: "" }).access.allowedRoles).toEqual([]);
  });

  it("GIVEN comma lists with spaces THEN each id is kept", () => {
    const access = loadConfig({
      ALLOWED_GUILDS: "100000000000000001",
      ALLOWED_CHANNELS: " 200000000000000001 , 200000000000000002,",
      ALLOWED_ROLES: "300000000000000001",
      ADMIN_USERS: "400000000000000001",
      ADMIN_ROLES: "300000000000000002",
      DAILY_QUOTA: "5",
      NSFW_ONLY: "true",
    }).access;
    expect(access).toEqual({
      allowedGuilds: ["100000000000000001"],
      allowedChannels: ["200000000000000001", "200000000000000002"],
      allowedRoles: ["300000000000000001"],
      adminUsers: ["400000000000000001"],
      adminRoles: ["300000000000000002"],
      dailyQuota: 5,
      maxJobCost: 1000,
      nsfwOnly: true,
    });
  });

  it("GIVEN a channel name instead of an id, a negative quota or a loose boolean THEN startup refuses", () => {
    expect(() => loadConfig({ ALLOWED_CHANNELS: "#generate" })).toThrow(/ALLOWED_CHANNELS/);
    expect(() => loadConfig({ ADMIN_ROLES: "<@&300000000000000001>" })).toThrow(/ADMIN_ROLES/);
    expect(() => loadConfig({ DAILY_QUOTA: "-1" })).toThrow(/DAILY_QUOTA/);
    expect(() => loadConfig({ NSFW_ONLY: "sure" })).toThrow(/NSFW_ONLY/);
  });
});
