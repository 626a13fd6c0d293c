import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  MessageContextMenuCommandInteraction,
  ModalSubmitInteraction,
  RESTPostAPIApplicationCommandsJSONBody,
} from "discord.js";
import type { AccessControl } from "../access/control.js";
import type { AccessKind, Caller } from "../access/policy.js";
import type { Logger } from "../logger.js";
import type { BotContext } from "./context.js";

/** What every handler receives: the bot's parts plus this interaction's logger and correlation id. */
export interface HandlerContext extends BotContext {
  log: Logger;
  correlationId: string;
  access: AccessControl;
  /** Who is asking and where, as the access policy sees it. */
  caller: Caller;
  /** Set once the router showed a visible "thinking…": a refusal then replaces it with a private note. */
  publicReply?: boolean;
}

export interface SlashCommand {
  kind: "slash";
  data: RESTPostAPIApplicationCommandsJSONBody;
  /** How the router acknowledges before running: a visible or an ephemeral "thinking…". */
  defer: "public" | "ephemeral";
  /** Checked by the router before anything else; none = open to everyone. */
  access?: AccessKind;
  execute(interaction: ChatInputCommandInteraction, ctx: HandlerContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: HandlerContext): Promise<void>;
}

export interface MessageCommand {
  kind: "message";
  data: RESTPostAPIApplicationCommandsJSONBody;
  access?: AccessKind;
  /** Context-menu commands open a modal, which must be the first answer: the router does not defer. */
  execute(interaction: MessageContextMenuCommandInteraction, ctx: HandlerContext): Promise<void>;
}

export type Command = SlashCommand | MessageCommand;

/** Buttons and modals are routed by the part of their custom id before the first ':'. */
export interface ComponentHandler {
  prefix: string;
  /**
   * "update" acknowledges with a deferred message update, "ephemeral" with a private "thinking…",
   * "public" with a visible one (a new message the handler fills).
   */
  defer: "update" | "ephemeral" | "public" | "none";
  access?: AccessKind;
  handleButton?(interaction: ButtonInteraction, args: string[], ctx: HandlerContext): Promise<void>;
  handleModal?(interaction: ModalSubmitInteraction, args: string[], ctx: HandlerContext): Promise<void>;
}
