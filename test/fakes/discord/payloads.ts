import type {
  ApplicationFlags,
  APIGuildMember,
  APIGuildTextChannel,
  APIRole,
  APIUser,
  ChannelFlags,
  ChannelType,
  GatewayGuildCreateDispatchData,
  GatewayReadyDispatchData,
  GuildMemberFlags,
  GuildSystemChannelFlags,
  RoleFlags,
  UserFlags,
} from "discord.js";
import type { FakeChannel, FakeGuild, FakeRole, FakeUser } from "./index.js";
import type { World } from "./world.js";

const guildText = 0 as ChannelType.GuildText;

export function apiUser(user: FakeUser, bot = false): APIUser {
  return {
    id: user.id,
    username: user.username,
    discriminator: "0",
    global_name: user.globalName,
    avatar: null,
    ...(bot ? { bot: true } : {}),
    public_flags: 0 as UserFlags,
    flags: 0 as UserFlags,
  };
}

export function apiMember(user: APIUser, roleIds: string[], joinedAt: string): APIGuildMember {
  return {
    user,
    roles: roleIds,
    joined_at: joinedAt,
    deaf: false,
    mute: false,
    flags: 0 as GuildMemberFlags,
    nick: null,
    avatar: null,
    pending: false,
  };
}

export function apiTextChannel(
  channel: FakeChannel,
  position: number,
): APIGuildTextChannel<ChannelType.GuildText> {
  return {
    id: channel.id,
    type: guildText,
    name: channel.name,
    guild_id: channel.guildId,
    position,
    permission_overwrites: [],
    parent_id: null,
    topic: null,
    nsfw: false,
    last_message_id: null,
    rate_limit_per_user: 0,
    flags: 0 as ChannelFlags,
  };
}

function apiRole(role: FakeRole, position: number, botId: string | null): APIRole {
  return {
    id: role.id,
    name: role.name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    position,
    permissions: role.permissions,
    managed: botId !== null,
    mentionable: false,
    flags: 0 as RoleFlags,
    ...(botId ? { tags: { bot_id: botId } } : {}),
  };
}

export function memberRoleIds(world: World, guild: FakeGuild, user: FakeUser): string[] {
  const known = user.roleNames.filter((n) => guild.roles.some((r) => r.name === n || r.id === n));
  return world.roleIds(guild, known).filter((id) => id !== guild.id);
}

export function guildCreate(world: World, guild: FakeGuild): GatewayGuildCreateDispatchData {
  const joinedAt = new Date(world.createdAt).toISOString();
  const members = [world.bot, ...world.users].map((u) =>
    apiMember(apiUser(u, u === world.bot), memberRoleIds(world, guild, u), joinedAt),
  );
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: world.users[0]?.id ?? world.bot.id,
    region: "",
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: guild.roles.map((r, i) =>
      apiRole(r, i, r.name === world.bot.username && i === 1 ? world.bot.id : null),
    ),
    emojis: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0 as GuildSystemChannelFlags,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: "en-US" as GatewayGuildCreateDispatchData["preferred_locale"],
    public_updates_channel_id: null,
    nsfw_level: 0,
    stickers: [],
    premium_progress_bar_enabled: false,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
    joined_at: joinedAt,
    large: false,
    unavailable: false,
    member_count: members.length,
    voice_states: [],
    members,
    channels: guild.channels.map((c, i) => apiTextChannel(c, i)),
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

export function readyPayload(world: World, sessionId: string, resumeUrl: string): GatewayReadyDispatchData {
  return {
    v: 10,
    user: { ...apiUser(world.bot, true), verified: true, mfa_enabled: false },
    guilds: world.guilds.map((g) => ({ id: g.id, unavailable: true })),
    session_id: sessionId,
    resume_gateway_url: resumeUrl,
    shard: [0, 1],
    application: { id: world.applicationId, flags: 0 as ApplicationFlags, flags_new: "0" },
  };
}
