import { Client, Events, GatewayIntentBits, RESTEvents } from "discord.js";
import { componentHandlers, createCommands } from "../../commands/index.js";
import type { Config } from "../config.js";
import type { BotContext } from "../discord/context.js";
import { createMessageChannel } from "../discord/message-channel.js";
import { DiscordPresenter } from "../discord/presenter.js";
import { leaseFencedRequest } from "../discord/lease-fenced-rest.js";
import { createDiscordRestAgent } from "../discord/rest-agent.js";
import { createRouter } from "../discord/router.js";
import type { JobRecord } from "../jobs/job.js";
import type { Logger } from "../logger.js";
import type { BotMetrics } from "../metrics/bot-metrics.js";
import type { Teardown } from "../startup/teardown.js";

export interface DiscordEdgeOptions {
  /** Interaction tokens are used until this age, then the channel route takes over (default 12 min). */
  tokenUsableMs?: number | undefined;
  /** Seconds between progress edits of one message (default 5 s). */
  editIntervalMs?: number | undefined;
  /** Spacing between edits in one channel (default 1.2 s: Discord allows about 5 per 5 s). */
  channelSpacingMs?: number | undefined;
}

/** The Discord client (not yet logged in) and the presenter that shows jobs through it. */
export function wireDiscordEdge(
  config: Config,
  deps: {
    logger: Logger;
    now: () => number;
    metrics: BotMetrics;
    linkFor: (job: JobRecord) => Promise<string | undefined>;
    /** Whether this bot still holds the job store's lease; without it, nothing goes to Discord. */
    leaseHeld: () => boolean;
  },
  options: DiscordEdgeOptions,
  started: Teardown,
) {
  const { logger, now } = deps;
  const restAgent = createDiscordRestAgent();
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: {
      api: config.discord.apiUrl,
      timeout: 120_000,
      agent: restAgent,
      makeRequest: leaseFencedRequest(deps.leaseHeld),
    },
  });
  started.add(() => client.destroy());
  client.rest.on(RESTEvents.Response, (request, response) => {
    if (response.status >= 400) deps.metrics.discordApiError(response.status, undefined, request.route);
  });
  const presenter = new DiscordPresenter({
    channel: createMessageChannel({
      rest: client.rest,
      now,
      tokenUsableMs: options.tokenUsableMs ?? 12 * 60_000,
    }),
    logger,
    now,
    previews: config.jobs.previews,
    ...(options.channelSpacingMs !== undefined ? { channelSpacingMs: options.channelSpacingMs } : {}),
    ...(options.editIntervalMs !== undefined
      ? {
          policy: {
            minIntervalMs: options.editIntervalMs,
            oldMessageAgeMs: 60 * 60_000,
            oldMessageIntervalMs: 60_000,
          },
        }
      : {}),
    adminUserIds: config.access.adminUsers,
    botUserId: () => client.user?.id,
    linkFor: deps.linkFor,
  });
  return { client, restAgent, presenter };
}

/** Every interaction goes to the one router; client errors are logged. */
export function routeInteractions(client: Client, ctx: BotContext): void {
  const router = createRouter(createCommands(ctx.config), componentHandlers, ctx);
  client.on(Events.InteractionCreate, (interaction) => void router.handle(interaction));
  client.on(Events.Error, (error) => ctx.logger.error({ err: error }, "discord client error"));
}
