import { describe, expect, it } from "vitest";
import {
  type AccessDecision,
  type AccessPolicy,
  type Caller,
  adminScope,
  checkAccess,
  isAdmin,
  mayManageJob,
} from "../../src/access/policy.js";
import { render } from "../../src/i18n/translate.js";

const guild = "100000000000000001";
const otherGuild = "100000000000000002";
const studio = "200000000000000001";
const lounge = "200000000000000002";
const artist = "300000000000000001";
const mod = "300000000000000002";
const owner = "400000000000000001";
const manageGuild = 1n << 5n;
const administrator = 1n << 3n;

const open: AccessPolicy = {
  allowedGuilds: [],
  allowedChannels: [],
  allowedRoles: [],
  adminUsers: [],
  adminRoles: [],
  dailyQuota: 0,
  nsfwOnly: false,
};
const strict: AccessPolicy = {
  ...open,
  allowedGuilds: [guild],
  allowedChannels: [studio],
  allowedRoles: [artist],
  adminUsers: [owner],
  adminRoles: [mod],
};

const member = (over: Partial<Caller> = {}): Caller => ({
  userId: "500000000000000001",
  guildId: guild,
  channelId: studio,
  roleIds: [artist],
  channelNsfw: false,
  ...over,
});

describe("access policy", () => {
  it("GIVEN no lists THEN everyone may generate and browse everywhere", () => {
    const anyone = member({ guildId: otherGuild, channelId: lounge, roleIds: [] });
    expect(checkAccess(open, anyone, "generate")).toEqual({ allowed: true });
    expect(checkAccess(open, anyone, "browse")).toEqual({ allowed: true });
  });

  it.each([
    ["an allowed member in the allowed channel", "generate", true, "", member()],
    ["a member without the role", "generate", false, "ACCESS_ROLE", member({ roleIds: [] })],
    ["a member without the role, browsing", "browse", true, "", member({ roleIds: [] })],
    ["a member in another channel", "generate", false, "ACCESS_CHANNEL", member({ channelId: lounge })],
    [
      "a member in another channel, browsing",
      "browse",
      false,
      "ACCESS_CHANNEL",
      member({ channelId: lounge }),
    ],
    [
      "a thread of the allowed channel",
      "generate",
      true,
      "",
      member({ channelId: lounge, parentChannelId: studio }),
    ],
    ["a member of another server", "browse", false, "ACCESS_GUILD", member({ guildId: otherGuild })],
    [
      "the owner from ADMIN_USERS, anywhere",
      "generate",
      true,
      "",
      member({ userId: owner, guildId: otherGuild, channelId: lounge, roleIds: [] }),
    ],
    [
      "an ADMIN_ROLES member without the role, elsewhere",
      "generate",
      true,
      "",
      member({ roleIds: [mod], channelId: lounge }),
    ],
    [
      "a Manage Server member without the role",
      "generate",
      true,
      "",
      member({ roleIds: [], memberPermissions: manageGuild }),
    ],
    [
      "an Administrator without the role",
      "generate",
      true,
      "",
      member({ roleIds: [], memberPermissions: administrator }),
    ],
    [
      "a Manage Server member of a server that is not allowed",
      "browse",
      false,
      "ACCESS_GUILD",
      member({ guildId: otherGuild, memberPermissions: manageGuild }),
    ],
  ] as const)("GIVEN %s (%s) THEN allowed is %s %s", (_what, kind, allowed, code, who) => {
    const decision = checkAccess(strict, who, kind);
    expect(decision.allowed).toBe(allowed);
    if (!decision.allowed) expect(decision.code).toBe(code);
  });

  it("GIVEN a refusal THEN it names the channel or role as a mention, never a bare id", () => {
    // What the refused user reads: the refusal rendered in English.
    const shown = (decision: AccessDecision) => ({
      message: decision.allowed ? "" : render("en", decision.refusal),
    });
    const wrongChannel = shown(checkAccess(strict, member({ channelId: lounge })));
    expect(wrongChannel).toMatchObject({ message: `This bot only works in <#${studio}>.` });
    const noRole = shown(checkAccess(strict, member({ roleIds: [] })));
    expect(noRole).toMatchObject({
      message: `Making videos is only for members with the <@&${artist}> role.`,
    });
    const twoRoles = shown(checkAccess({ ...strict, allowedRoles: [artist, mod] }, member({ roleIds: [] })));
    expect(twoRoles).toMatchObject({ message: expect.stringContaining(`<@&${artist}> or <@&${mod}>`) });
    const twoChannels = shown(
      checkAccess({ ...strict, allowedChannels: [studio, lounge] }, member({ channelId: "1".repeat(18) })),
    );
    expect(twoChannels).toMatchObject({ message: `This bot only works in <#${studio}> or <#${lounge}>.` });
  });

  it("GIVEN NSFW_ONLY THEN generating needs an age-restricted channel, also for admins, but browsing does not", () => {
    const policy = { ...open, nsfwOnly: true, adminUsers: [owner] };
    expect(checkAccess(policy, member({ channelNsfw: false }))).toMatchObject({
      allowed: false,
      code: "ACCESS_NSFW",
    });
    expect(checkAccess(policy, member({ channelNsfw: undefined }))).toMatchObject({ code: "ACCESS_NSFW" });
    expect(checkAccess(policy, member({ channelNsfw: true }))).toEqual({ allowed: true });
    expect(checkAccess(policy, member({ userId: owner, channelNsfw: false }))).toMatchObject({
      code: "ACCESS_NSFW",
    });
    expect(checkAccess(policy, member({ channelNsfw: false }), "browse")).toEqual({ allowed: true });
  });

  it("GIVEN no ALLOWED_GUILDS THEN Manage Server or Administrator in her own server does not make a foreign member an admin", () => {
    const foreign = member({ guildId: otherGuild, memberPermissions: manageGuild | administrator });
    expect(isAdmin(open, foreign)).toBe(false);
    expect(adminScope(open, foreign)).toBeUndefined();
    expect(isAdmin({ ...open, adminRoles: [mod] }, member({ roleIds: [mod] }))).toBe(true);
    expect(isAdmin({ ...open, adminUsers: [owner] }, member({ userId: owner }))).toBe(true);
  });

  it("GIVEN an admin of one allowed server THEN she may manage that server's jobs only; ADMIN_USERS manage every job", () => {
    const policy = { ...strict, allowedGuilds: [guild, otherGuild] };
    const modHere = member({ userId: "500000000000000009", roleIds: [], memberPermissions: manageGuild });
    const herJob = { userId: modHere.userId, guildId: otherGuild };
    const hereJob = { userId: "500000000000000001", guildId: guild };
    const thereJob = { userId: "500000000000000001", guildId: otherGuild };
    expect(adminScope(policy, modHere)).toBe("guild");
    expect(mayManageJob(policy, modHere, hereJob)).toBe(true);
    expect(mayManageJob(policy, modHere, thereJob)).toBe(false);
    expect(mayManageJob(policy, modHere, herJob)).toBe(true);
    const ownerAnywhere = member({ userId: owner, guildId: otherGuild, roleIds: [] });
    expect(adminScope(policy, ownerAnywhere)).toBe("everywhere");
    expect(mayManageJob(policy, ownerAnywhere, hereJob)).toBe(true);
    expect(mayManageJob(open, member({ memberPermissions: manageGuild }), hereJob)).toBe(true);
    expect(mayManageJob(open, member({ userId: "5", memberPermissions: manageGuild }), hereJob)).toBe(false);
  });

  it("GIVEN the admin rules THEN cancel and queue see the configured admins and allowed servers' managers", () => {
    expect(isAdmin(open, member())).toBe(false);
    expect(isAdmin(open, member({ memberPermissions: manageGuild }))).toBe(false);
    expect(isAdmin(strict, member({ memberPermissions: manageGuild }))).toBe(true);
    expect(isAdmin(open, member({ memberPermissions: 1n << 11n }))).toBe(false);
    expect(isAdmin(strict, member({ roleIds: [mod] }))).toBe(true);
    expect(isAdmin(strict, member({ userId: owner, roleIds: [] }))).toBe(true);
    expect(isAdmin(strict, member({ guildId: otherGuild, roleIds: [mod] }))).toBe(false);
  });
});
