import type { APIInteraction, APIMessage } from "discord.js";
import type { CommandRegistry } from "./commands.js";
import type { EventLog } from "./events.js";
import type {
  AutocompleteInput,
  ButtonClickInput,
  CallbackBody,
  FakeDiscordEvent,
  InteractionHandle,
  MessageContextInput,
  ModalSubmitInput,
  SlashCommandInput,
  SlashOptionInput,
} from "./index.js";
import { buildOptions, envelope, resolveActor, type ResolvedActor } from "./interaction-payloads.js";
import type { InteractionStore } from "./interactions.js";
import type { MessageStore } from "./messages.js";
import { randomToken } from "./ids.js";
import type { World } from "./world.js";

export interface DriverDeps {
  world: World;
  interactions: InteractionStore;
  messages: MessageStore;
  commands: CommandRegistry;
  events: EventLog;
  dispatch: (t: string, d: unknown) => number;
  nextId: () => string;
  now: () => number;
  attachmentSizeLimit: number;
  appPermissions: (channelId: string) => string;
}

interface Spec {
  type: number;
  name: string;
  messageType: number;
  sourceMessageId?: string;
  data: (actor: ResolvedActor) => Record<string, unknown>;
  extra?: Record<string, unknown>;
}

/** Test drivers: each dispatches one INTERACTION_CREATE and returns a handle on the bot's answer. */
export function createDrivers(deps: DriverDeps) {
  const { messages, commands } = deps;
  const commandRef = (name: string, type: number, guildId: string) => {
    const registered = commands.find(name, type, guildId);
    return {
      id: registered?.id ?? deps.nextId(),
      options: registered?.options,
      guildId: registered?.guild_id as string | undefined,
    };
  };
  const storedMessage = (id: string): APIMessage => {
    const message = messages.get(id);
    if (!message) throw new Error(`fake Discord has no message ${id}`);
    return messages.toApi(message);
  };

  return {
    sendSlashCommand(input: SlashCommandInput): InteractionHandle {
      return send(deps, input, {
        type: 2,
        name: input.name,
        messageType: 20,
        data: (actor) => {
          const command = commandRef(input.name, 1, actor.guild.id);
          const built = buildOptions(optionList(input.options, input.attachments), command.options);
          const hasAttachments = Object.keys(built.attachments).length > 0;
          return {
            id: command.id,
            name: input.name,
            type: 1,
            ...(command.guildId ? { guild_id: command.guildId } : {}),
            ...(built.options.length > 0 ? { options: built.options } : {}),
            ...(hasAttachments ? { resolved: { attachments: built.attachments } } : {}),
          };
        },
      });
    },

    sendAutocomplete(input: AutocompleteInput): InteractionHandle {
      return send(deps, input, {
        type: 4,
        name: input.name,
        messageType: 20,
        data: (actor) => {
          const command = commandRef(input.name, 1, actor.guild.id);
          const built = buildOptions(input.options, command.options, input.focused);
          const focused = built.options.filter((o) => "focused" in o && o.focused).length;
          if (focused !== 1)
            throw new Error(`an autocomplete needs exactly one focused option, got ${focused}`);
          return { id: command.id, name: input.name, type: 1, options: built.options };
        },
      });
    },

    clickButton(input: ButtonClickInput): InteractionHandle {
      const message = storedMessage(input.messageId);
      return send(
        deps,
        { channelId: message.channel_id, ...input },
        {
          type: 3,
          name: input.customId,
          messageType: 0,
          sourceMessageId: input.messageId,
          data: () => ({
            custom_id: input.customId,
            component_type: input.componentType ?? 2,
            ...(input.values ? { values: input.values } : {}),
          }),
          extra: { message },
        },
      );
    },

    sendMessageContextCommand(input: MessageContextInput): InteractionHandle {
      const target =
        typeof input.targetMessage === "string" ? storedMessage(input.targetMessage) : input.targetMessage;
      return send(
        deps,
        { channelId: target.channel_id, ...input },
        {
          type: 2,
          name: input.name,
          messageType: 23,
          data: (actor) => {
            const command = commandRef(input.name, 3, actor.guild.id);
            return {
              id: command.id,
              name: input.name,
              type: 3,
              target_id: target.id,
              resolved: { messages: { [target.id]: target } },
            };
          },
        },
      );
    },

    submitModal(input: ModalSubmitInput): InteractionHandle {
      const message = input.messageId ? storedMessage(input.messageId) : undefined;
      const components = Object.entries(input.fields).map(([customId, value]) => ({
        type: 1,
        components: [{ type: 4, custom_id: customId, value }],
      }));
      return send(
        deps,
        { ...(message ? { channelId: message.channel_id } : {}), ...input },
        {
          type: 5,
          name: input.customId,
          messageType: 0,
          ...(input.messageId ? { sourceMessageId: input.messageId } : {}),
          data: () => ({ custom_id: input.customId, components }),
          extra: message ? { message } : {},
        },
      );
    },
  };
}

function optionList(
  options: SlashCommandInput["options"] = {},
  attachments: SlashCommandInput["attachments"] = {},
): SlashOptionInput[] {
  const named = Array.isArray(options)
    ? options
    : Object.entries(options).map(([name, value]) => ({ name, value }));
  return [...named, ...Object.entries(attachments).map(([name, value]) => ({ name, value }))];
}

function send(deps: DriverDeps, input: Parameters<typeof resolveActor>[1], spec: Spec): InteractionHandle {
  const actor = resolveActor(deps.world, input, deps.attachmentSizeLimit, deps.appPermissions);
  const id = deps.nextId();
  const token = randomToken(`aW50ZXJhY3Rpb246${id}`);
  const payload = {
    ...envelope(deps.world, id, token, spec.type, actor),
    data: spec.data(actor),
    ...spec.extra,
  } as unknown as APIInteraction;
  deps.interactions.add({
    id,
    token,
    type: spec.type,
    channelId: actor.channel.id,
    createdAt: deps.now(),
    payload,
    meta: { id, type: spec.type, name: spec.name, userId: actor.user.id, owners: { "0": actor.guild.id } },
    messageType: spec.messageType,
    sourceMessageId: spec.sourceMessageId ?? null,
    ackType: null,
    originalMessageId: null,
    followUpIds: [],
    forcedExpired: false,
    callbacks: [],
  });
  deps.dispatch("INTERACTION_CREATE", payload);
  const waitForCallback = async (timeoutMs = 5_000): Promise<CallbackBody> => {
    const isAccepted = (e: FakeDiscordEvent) =>
      e.type === "callback" && e.callback.interactionId === id && e.callback.status < 300;
    const event = await deps.events.waitFor(isAccepted, { timeoutMs });
    if (event.type !== "callback") throw new Error("unreachable: waitFor returned a non-callback event");
    return { type: event.callback.type, data: event.callback.data };
  };
  return { id, token, payload, response: () => waitForCallback(), waitForCallback };
}
