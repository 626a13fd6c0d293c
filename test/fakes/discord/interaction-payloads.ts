import type {
  APIApplicationCommandInteractionDataOption,
  APIAttachment,
  APIInteractionGuildMember,
  Locale,
} from "discord.js";
import type {
  FakeChannel,
  FakeGuild,
  FakeUser,
  InteractionActor,
  SlashOptionInput,
  SlashOptionValue,
} from "./index.js";
import { apiTextChannel, apiUser, memberRoleIds } from "./payloads.js";
import { defaultPermissions, type World } from "./world.js";

export interface ResolvedActor {
  user: FakeUser;
  guild: FakeGuild;
  channel: FakeChannel;
  roleIds: string[];
  locale: string;
  attachmentSizeLimit: number;
  appPermissions: string;
  memberPermissions: string;
}

export function resolveActor(
  world: World,
  input: InteractionActor,
  defaultSizeLimit: number,
  channelPermissions: (channelId: string) => string = () => defaultPermissions,
): ResolvedActor {
  const user = world.user(input.user ?? world.users[0]?.username ?? "alice");
  const channel = input.channelId ? world.channelById(input.channelId) : world.channel();
  if (!channel) throw new Error(`fake Discord has no channel ${input.channelId}`);
  const guild = world.guildById(channel.guildId);
  if (!guild) throw new Error(`fake Discord has no guild ${channel.guildId}`);
  return {
    user,
    guild,
    channel,
    roleIds: input.roles ? world.roleIds(guild, input.roles) : memberRoleIds(world, guild, user),
    locale: input.locale ?? "en-US",
    attachmentSizeLimit: input.attachmentSizeLimit ?? defaultSizeLimit,
    appPermissions: input.appPermissions ?? channelPermissions(channel.id),
    memberPermissions: input.memberPermissions ?? defaultPermissions,
  };
}

/** The fields every guild interaction carries (NOTES.md §2.2; ★ ones discord.js dereferences). */
export function envelope(world: World, id: string, token: string, type: number, actor: ResolvedActor) {
  const member: APIInteractionGuildMember = {
    user: apiUser(actor.user),
    roles: actor.roleIds,
    joined_at: new Date(world.createdAt).toISOString(),
    deaf: false,
    mute: false,
    flags: 0 as APIInteractionGuildMember["flags"],
    nick: null,
    avatar: null,
    pending: false,
    premium_since: null,
    permissions: actor.memberPermissions,
  };
  return {
    id,
    application_id: world.applicationId,
    type,
    token,
    version: 1 as const,
    guild_id: actor.guild.id,
    guild: { id: actor.guild.id, locale: "en-US" as Locale, features: [] },
    channel_id: actor.channel.id,
    channel: {
      ...apiTextChannel(actor.channel, actor.guild.channels.indexOf(actor.channel)),
      permissions: actor.memberPermissions,
    },
    member,
    app_permissions: actor.appPermissions,
    locale: actor.locale as Locale,
    guild_locale: "en-US" as Locale,
    entitlements: [],
    authorizing_integration_owners: { "0": actor.guild.id },
    context: 0 as const,
    attachment_size_limit: actor.attachmentSizeLimit,
  };
}

export interface BuiltOptions {
  options: APIApplicationCommandInteractionDataOption[];
  attachments: Record<string, APIAttachment>;
}

/** Options as Discord sends them: typed from the registered command when there is one. */
export function buildOptions(
  input: Record<string, SlashOptionValue> | SlashOptionInput[],
  registered: { name: string; type: number }[] | undefined,
  focused?: string,
): BuiltOptions {
  const list: SlashOptionInput[] = Array.isArray(input)
    ? input
    : Object.entries(input).map(([name, value]) => ({
        name,
        value,
        ...(name === focused ? { focused: true } : {}),
      }));
  const attachments: Record<string, APIAttachment> = {};
  const options = list.map((option) => {
    const { name, value } = option;
    const type = option.type ?? registered?.find((o) => o.name === name)?.type ?? inferType(value);
    if (typeof value === "object") {
      attachments[value.id] = value;
      return { name, type, value: value.id };
    }
    return { name, type, value, ...(option.focused ? { focused: true } : {}) };
  });
  return { options: options as APIApplicationCommandInteractionDataOption[], attachments };
}

function inferType(value: SlashOptionValue): number {
  if (typeof value === "object") return 11;
  if (typeof value === "boolean") return 5;
  if (typeof value === "number") return Number.isInteger(value) ? 4 : 10;
  return 3;
}
