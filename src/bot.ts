import { join, resolve } from "node:path";
import { Client, Events, GatewayIntentBits, RESTEvents } from "discord.js";
import { componentHandlers, createCommands } from "../commands/index.js";
import { createAccessControl } from "./access/control.js";
import { openServerWarning } from "./access/open-warning.js";
import { comfyCodeOf } from "./comfy/errors.js";
import type { Config } from "./config.js";
import { createAnimatePicks } from "./discord/animate-picks.js";
import type { BotContext } from "./discord/context.js";
import { createMessageChannel } from "./discord/message-channel.js";
import { DiscordPresenter } from "./discord/presenter.js";
import { createDiscordRestAgent } from "./discord/rest-agent.js";
import { createRouter } from "./discord/router.js";
import { createCostBook } from "./jobs/cost-book.js";
import { createJobService } from "./jobs/service.js";
import { type Logger, createLogger } from "./logger.js";
import { startBotHttpServer } from "./http/bot-http-server.js";
import { createLinkRegistry } from "./links/registry.js";
import { startLinkServer } from "./links/server.js";
import { createLoraCatalog } from "./loras/catalog.js";
import { sweepOldFiles } from "./media/retention.js";
import { createBotMetrics } from "./metrics/bot-metrics.js";
import { createServerPool } from "./pool/pool.js";
import { secureDataDir } from "./startup/data-dir.js";
import { StartupFailure, describeStartupFailure } from "./startup/failure.js";
import { loginOrFail } from "./startup/login.js";
import { type Teardown, createTeardown } from "./startup/teardown.js";
import { openBotStore } from "./store/bot-store.js";

export interface BotOptions {
  logger?: Logger;
  now?: () => number;
  /** Interaction tokens are used until this age, then the channel route takes over (default 12 min). */
  tokenUsableMs?: number;
  /** Seconds between progress edits of one message (default 5 s). */
  editIntervalMs?: number;
  loraRefreshMs?: number;
  /** Spacing between edits in one channel (default 1.2 s: Discord allows about 5 per 5 s). */
  channelSpacingMs?: number;
}

/**
 * The composition root: config → logger → store → ComfyUI → jobs → Discord. When any step before
 * ready fails, what already started is stopped again and the failure is one sentence with the fix.
 */
export async function startBot(config: Config, options: BotOptions = {}) {
  const started = createTeardown();
  try {
    return await buildBot(config, options, started);
  } catch (error) {
    await started.run();
    throw new StartupFailure(describeStartupFailure(error, config), { cause: error });
  }
}

async function buildBot(config: Config, options: BotOptions, started: Teardown) {
  const logger = options.logger ?? createLogger({ level: config.log.level, pretty: config.log.pretty });
  const now = options.now ?? Date.now;
  const dataDir = resolve(config.dataDir);
  await secureDataDir(dataDir);
  const { store, jobs: jobTable, lease, leaseLost, pruneFinished } = await openBotStore(config, logger, now);
  started.add(() => store.close());

  const pool = createServerPool(config, {
    logger,
    now,
    meta: store.meta,
    videoDir: join(dataDir, "videos"),
    executor: {
      compact: { crf: Math.min(51, config.sampling.crf + 12) },
      costBook: createCostBook({ meta: store.meta, logger }),
    },
  });
  await pool.start();
  started.add(() => pool.stop());
  const catalog = createLoraCatalog({
    list: () => pool.loraNames(),
    refreshMs: options.loraRefreshMs ?? 5 * 60_000,
    logger,
  });
  started.add(() => catalog.close());

  const comfyServers = () => pool.servers();
  const metrics = createBotMetrics({ comfyServers });
  const videoDir = join(dataDir, "videos");
  const links = config.publicBaseUrl
    ? createLinkRegistry({
        store: store.links,
        now,
        ttlMs: config.links.ttlMs,
        publicBaseUrl: config.publicBaseUrl,
        videoDir,
      })
    : undefined;
  if (!links)
    logger.warn(
      "no link server (PUBLIC_BASE_URL is not set): a video too big for a channel's upload limit, even compact, cannot be delivered",
    );
  const linkServer = links
    ? await startLinkServer({
        registry: links,
        host: config.links.host,
        port: config.links.port,
        logger,
        now,
      })
    : undefined;
  if (linkServer) started.add(() => linkServer.close());

  const restAgent = createDiscordRestAgent();
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: config.discord.apiUrl, timeout: 120_000, agent: restAgent },
  });
  started.add(() => client.destroy());
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
    linkFor: async (job) => {
      if (!links || !job.result) return undefined;
      const meta = {
        title: job.request.prompt.slice(0, 200),
        width: job.result.width,
        height: job.result.height,
        durationSeconds: job.params.durationSeconds,
      };
      return (await links.issue(job.result.videoPath, meta)).pageUrl;
    },
  });
  const jobs = createJobService({
    store: jobTable,
    presenter,
    lanes: pool.lanes,
    logger,
    limits: config.jobs,
    now,
    onStateChange: (job, from, to) => {
      metrics.jobStateChanged(from, to);
      if (to === "done" || to === "failed" || to === "cancelled") {
        metrics.jobFinished(to, (now() - job.createdAt) / 1000);
        const code = job.error && comfyCodeOf(job.error.key);
        if (to === "failed" && code && job.server) metrics.comfyError(code, job.server);
      }
    },
    onQueueDepth: (depth) => metrics.queueDepth(depth),
  });

  // A server that comes back can take the jobs that waited while it was down.
  for (const lane of pool.lanes) lane.health.onChange((up) => up && jobs.wake());

  const ctx: BotContext = {
    access: createAccessControl(config.access, store.quota, now),
    config,
    logger,
    client,
    catalog,
    jobs,
    servers: pool,
    presenter,
    imageDir: join(dataDir, "images"),
    now,
    animatePicks: createAnimatePicks(store.kv, now),
  };
  const router = createRouter(createCommands(config), componentHandlers, ctx);
  client.on(Events.InteractionCreate, (interaction) => void router.handle(interaction));
  client.on(Events.Error, (error) => logger.error({ err: error }, "discord client error"));

  client.rest.on(RESTEvents.Response, (request, response) => {
    if (response.status >= 400) metrics.discordApiError(response.status, undefined, request.route);
  });
  // Up before login, so /healthz answers 503 while the bot connects.
  const http = await startBotHttpServer({
    port: config.httpPort,
    host: config.httpHost,
    metrics,
    logger,
    health: async () => {
      const listed = jobs.list();
      return {
        discordReady: client.isReady(),
        comfyServers: comfyServers(),
        queueDepth: listed.filter((j) => j.position !== undefined).length,
        runningJobs: listed.filter((j) => j.position === undefined).length,
      };
    },
  });
  started.add(() => http.close());

  const ready = new Promise<void>((resolveReady) => client.once(Events.ClientReady, () => resolveReady()));
  catalog
    .refresh()
    .catch((error: unknown) => logger.warn({ err: error }, "LoRA list not loaded yet; will retry"));
  await loginOrFail(client, config.discord.token, ready);
  started.add(() => jobs.stop());
  const recovered = await jobs.recover();
  const imageDir = join(dataDir, "images");
  const sweepImages = () =>
    sweepOldFiles(imageDir, config.imageRetentionMs, now()).then(
      (removed) => removed > 0 && logger.info({ removed }, "old input images removed"),
      (error: unknown) => logger.warn({ err: error }, "image sweep failed"),
    );
  const sweep = () => {
    void sweepImages();
    pruneFinished().catch((error: unknown) => logger.warn({ err: error }, "job prune failed"));
  };
  sweep();
  const imageSweep = setInterval(sweep, 6 * 3_600_000);
  imageSweep.unref();
  logger.info({ user: client.user?.tag, servers: config.servers.map((s) => s.name), recovered }, "bot ready");
  const openWarning = openServerWarning(config.access);
  if (openWarning) logger.warn(openWarning);

  // Another bot may be running our jobs now: stop at once, without writing or posting anything.
  const lostLease = leaseLost.then(async () => {
    await jobs.stop();
    await client.destroy();
  });

  return {
    client,
    jobs,
    lostLease,
    presenter,
    catalog,
    linkServer,
    http,
    metrics,
    async stop() {
      clearInterval(imageSweep);
      await jobs.stop();
      await http.close();
      catalog.close();
      await client.destroy();
      await restAgent.close();
      await pool.stop();
      await linkServer?.close();
      await lease.release();
      await store.close();
    },
  };
}

export type RunningBot = Awaited<ReturnType<typeof startBot>>;
