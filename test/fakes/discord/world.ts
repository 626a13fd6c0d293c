import type { FakeChannel, FakeDiscordOptions, FakeGuild, FakeRole, FakeUser } from "./index.js";

/** Permissions the NOTES.md sample interaction carries; also given to the bot's managed role. */
export const defaultPermissions = "2248473465835073";
/** View Channel, Send Messages, Read Message History, … — a usual `@everyone`. */
const everyonePermissions = "1071698660929";

export interface World {
  token: string;
  applicationId: string;
  bot: FakeUser;
  guilds: FakeGuild[];
  users: FakeUser[];
  user(nameOrId: string): FakeUser;
  channel(name?: string, guildId?: string): FakeChannel;
  role(name: string, guildId?: string): FakeRole;
  channelById(id: string): FakeChannel | undefined;
  guildById(id: string): FakeGuild | undefined;
  /** Role ids in `guild` for names or ids; unknown names throw. */
  roleIds(guild: FakeGuild, namesOrIds: readonly string[]): string[];
  createdAt: number;
}

export function createWorld(options: FakeDiscordOptions, nextId: () => string, now: () => number): World {
  const applicationId = options.applicationId ?? nextId();
  const botName = options.botUsername ?? "Oelala";
  const bot: FakeUser = { id: applicationId, username: botName, globalName: null, roleNames: [botName] };
  const users = (options.users ?? [{ username: "alice", roles: ["Member"] }, { username: "bob" }]).map(
    (spec): FakeUser => ({
      id: spec.id ?? nextId(),
      username: spec.username,
      globalName: spec.globalName ?? null,
      roleNames: spec.roles ?? [],
    }),
  );
  const guildSpecs = options.guilds ?? [
    { name: "Oelala", channels: [{ name: "generate" }], roles: [{ name: "Member" }] },
  ];
  const guilds = guildSpecs.map((spec): FakeGuild => {
    const id = spec.id ?? nextId();
    const roles: FakeRole[] = [
      { id, name: "@everyone", permissions: everyonePermissions },
      { id: nextId(), name: botName, permissions: defaultPermissions },
      ...(spec.roles ?? []).map((r) => ({
        id: r.id ?? nextId(),
        name: r.name,
        permissions: r.permissions ?? "0",
      })),
    ];
    const channels = (spec.channels ?? [{ name: "generate" }]).map((c) => ({
      id: c.id ?? nextId(),
      name: c.name,
      guildId: id,
    }));
    return { id, name: spec.name ?? "Oelala", channels, roles };
  });
  const firstGuild = guilds[0];
  if (!firstGuild) throw new Error("the fake needs at least one guild");

  const find = <T>(items: readonly T[], match: (item: T) => boolean, what: string): T => {
    const found = items.find(match);
    if (!found) throw new Error(`fake Discord has no ${what}`);
    return found;
  };
  const guildOrFirst = (guildId?: string) =>
    guildId ? find(guilds, (g) => g.id === guildId, `guild ${guildId}`) : firstGuild;

  return {
    token: options.token ?? "fake-bot-token",
    applicationId,
    bot,
    guilds,
    users,
    createdAt: now(),
    user: (nameOrId) =>
      find([...users, bot], (u) => u.username === nameOrId || u.id === nameOrId, `user ${nameOrId}`),
    channel: (name = "generate", guildId) =>
      find(guildOrFirst(guildId).channels, (c) => c.name === name || c.id === name, `channel ${name}`),
    role: (name, guildId) =>
      find(guildOrFirst(guildId).roles, (r) => r.name === name || r.id === name, `role ${name}`),
    channelById: (id) => guilds.flatMap((g) => g.channels).find((c) => c.id === id),
    guildById: (id) => guilds.find((g) => g.id === id),
    roleIds: (guild, namesOrIds) =>
      namesOrIds.map(
        (n) => find(guild.roles, (r) => r.name === n || r.id === n, `role ${n} in ${guild.name}`).id,
      ),
  };
}
