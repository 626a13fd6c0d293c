import type { Interaction } from "discord.js";
import type { Caller } from "../access/policy.js";

/**
 * Who is asking and where, for the access policy. The member is a cached GuildMember when the bot
 * knows the guild, else the raw payload; a thread is judged by its parent channel's age restriction.
 */
export function callerOf(interaction: Interaction): Caller {
  const member = interaction.member;
  const roleIds = !member ? [] : Array.isArray(member.roles) ? member.roles : [...member.roles.cache.keys()];
  const channel = interaction.channel;
  const thread = channel?.isThread() ? channel : undefined;
  const judged = thread ? thread.parent : channel;
  return {
    userId: interaction.user.id,
    guildId: interaction.guildId ?? undefined,
    channelId: interaction.channelId ?? undefined,
    parentChannelId: thread?.parentId ?? undefined,
    roleIds,
    channelNsfw: judged && "nsfw" in judged ? judged.nsfw : undefined,
    memberPermissions: interaction.memberPermissions?.bitfield,
  };
}
