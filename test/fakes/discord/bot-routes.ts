import { DiscordHttpError, invalidFormBody } from "./body.js";
import { type ChannelPermissions, createMessageNeeds } from "./channel-permissions.js";
import { permissionBits } from "./discord-limits.js";
import type { CommandRegistry } from "./commands.js";
import type { MessageStore, StoredMessage } from "./messages.js";
import { apiUser } from "./payloads.js";
import { noContent, ok, param, type Route, type RouteContext } from "./router.js";
import type { World } from "./world.js";

export interface BotRouteDeps {
  world: World;
  messages: MessageStore;
  commands: CommandRegistry;
  gatewayUrl: () => string;
  permissions: ChannelPermissions;
}

const channelMessagePath = /^\/channels\/(\d+)\/messages\/(\d+)$/;

/** Routes that need `Authorization: Bot <token>`. */
export function botRoutes(deps: BotRouteDeps): Route[] {
  const { world, messages, commands, permissions } = deps;
  const bot = (method: string, pattern: RegExp, handler: Route["handler"]): Route => ({
    method,
    pattern,
    auth: "bot",
    handler,
  });
  const ownApp = (ctx: RouteContext) => {
    if (param(ctx, 0) !== world.applicationId) throw new DiscordHttpError(403, 50001, "Missing Access");
  };
  const guildScope = (ctx: RouteContext) => {
    ownApp(ctx);
    const guildId = param(ctx, 1);
    if (!world.guildById(guildId)) throw new DiscordHttpError(403, 50001, "Missing Access");
    return guildId;
  };
  const channelMessage = (ctx: RouteContext): StoredMessage => {
    const message = messages.get(param(ctx, 1));
    // Ephemeral messages are invisible to the bot token (NOTES.md §1.2).
    if (!message || message.deleted || message.ephemeral || message.channelId !== param(ctx, 0)) {
      throw new DiscordHttpError(404, 10008, "Unknown Message");
    }
    return message;
  };

  return [
    bot("GET", /^\/gateway\/bot$/, () =>
      ok({
        url: deps.gatewayUrl(),
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 1 },
      }),
    ),
    bot("GET", /^\/users\/@me$/, () =>
      ok({ ...apiUser(world.bot, true), verified: true, mfa_enabled: false }),
    ),
    bot("GET", /^\/applications\/@me$/, () =>
      ok({
        id: world.applicationId,
        name: world.bot.username,
        icon: null,
        description: "",
        bot_public: true,
        bot_require_code_grant: false,
        bot: apiUser(world.bot, true),
        verify_key: "0".repeat(64),
        owner: world.users[0] ? apiUser(world.users[0]) : undefined,
        team: null,
        flags: 0,
        approximate_guild_count: world.guilds.length,
        integration_types_config: { "0": {} },
      }),
    ),
    bot("GET", /^\/applications\/(\d+)\/commands$/, (ctx) => (ownApp(ctx), ok(commands.list("global")))),
    bot(
      "PUT",
      /^\/applications\/(\d+)\/commands$/,
      (ctx) => (ownApp(ctx), ok(commands.overwrite("global", ctx.body.json))),
    ),
    bot("GET", /^\/applications\/(\d+)\/guilds\/(\d+)\/commands$/, (ctx) =>
      ok(commands.list(guildScope(ctx))),
    ),
    bot("PUT", /^\/applications\/(\d+)\/guilds\/(\d+)\/commands$/, (ctx) =>
      ok(commands.overwrite(guildScope(ctx), ctx.body.json)),
    ),
    bot("GET", /^\/channels\/(\d+)\/messages$/, (ctx) => {
      const channelId = param(ctx, 0);
      if (!world.channelById(channelId) && !messages.isDmChannel(channelId))
        throw new DiscordHttpError(404, 10003, "Unknown Channel");
      permissions.require(channelId, permissionBits.viewChannel | permissionBits.readMessageHistory);
      return ok(
        listMessages(messages, channelId, ctx.query).map((m) => messages.toApiWithoutContentIntent(m)),
      );
    }),
    bot("POST", /^\/users\/@me\/channels$/, (ctx) => {
      const recipient = (ctx.body.json as { recipient_id?: unknown } | undefined)?.recipient_id;
      const user = typeof recipient === "string" ? world.users.find((u) => u.id === recipient) : undefined;
      if (!user)
        throw invalidFormBody({
          recipient_id: { _errors: [{ code: "BASE_TYPE_REQUIRED", message: "Unknown user" }] },
        });
      return ok(messages.dmChannelFor(user));
    }),
    bot("POST", /^\/channels\/(\d+)\/messages$/, (ctx) => {
      const channelId = param(ctx, 0);
      if (!world.channelById(channelId) && !messages.isDmChannel(channelId))
        throw new DiscordHttpError(404, 10003, "Unknown Channel");
      permissions.require(channelId, createMessageNeeds(ctx.body.json, ctx.body.files.length));
      const reply =
        (ctx.body.json as { message_reference?: unknown } | undefined)?.message_reference !== undefined;
      return ok(
        messages.toApi(
          messages.create({ channelId, json: ctx.body.json, files: ctx.body.files, type: reply ? 19 : 0 }),
        ),
      );
    }),
    bot("GET", channelMessagePath, (ctx) => {
      permissions.require(param(ctx, 0), permissionBits.viewChannel | permissionBits.readMessageHistory);
      return ok(messages.toApiWithoutContentIntent(channelMessage(ctx)));
    }),
    bot("PATCH", channelMessagePath, (ctx) => {
      permissions.require(param(ctx, 0), permissionBits.viewChannel);
      return ok(messages.toApi(messages.edit(channelMessage(ctx), ctx.body.json, ctx.body.files, "channel")));
    }),
    bot("DELETE", channelMessagePath, (ctx) => {
      messages.delete(channelMessage(ctx));
      return noContent;
    }),
  ];
}

/** Get Channel Messages: newest first, `limit` 1–100 (default 50), `before`/`after` by id (resources/message#get-channel-messages). */
function listMessages(messages: MessageStore, channelId: string, query: URLSearchParams): StoredMessage[] {
  const limit = Math.min(100, Math.max(1, Number(query.get("limit") ?? 50) || 50));
  const before = query.get("before");
  const after = query.get("after");
  const listed = messages
    .inChannel(channelId)
    .filter((m) => !m.ephemeral)
    .filter((m) => (before ? BigInt(m.id) < BigInt(before) : true))
    .filter((m) => (after ? BigInt(m.id) > BigInt(after) : true))
    .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  // With `after`, the messages right after it; otherwise the newest. Either way newest first.
  const page = after ? listed.slice(0, limit) : listed.slice(-limit);
  return page.reverse();
}
