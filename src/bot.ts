import { join, resolve } from "node:path";
import { Client, Events, GatewayIntentBits, RESTEvents } from "discord.js";
import { componentHandlers, createCommands } from "../commands/index.js";
import { createAccessControl } from "./access/control.js";
import { type ComfyErrorCode, comfyErrorMessages } from "./comfy/errors.js";
import type { Config } from "./config.js";
import type { BotContext } from "./discord/context.js";
import { createMessageChannel } from "./discord/message-channel.js";
import { DiscordPresenter } from "./discord/presenter.js";
import { createDiscordRestAgent } from "./discord/rest-agent.js";
import { createRouter } from "./discord/router.js";
import { type PhaseCosts, defaultPhaseCosts, learnPhaseCosts } from "./jobs/phase-costs.js";
import { phases } from "./jobs/phases.js";
import { createJobService } from "./jobs/service.js";
import { openJobStore } from "./jobs/open-store.js";
import { type Logger, createLogger } from "./logger.js";
import { startBotHttpServer } from "./http/bot-http-server.js";
import { createLinkRegistry } from "./links/registry.js";
import { startLinkServer } from "./links/server.js";
import { createLoraCatalog } from "./loras/catalog.js";
import { sweepOldFiles } from "./media/retention.js";
import { createBotMetrics } from "./metrics/bot-metrics.js";
import { createServerPool } from "./pool/pool.js";
import { z } from "zod";

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

const phaseCostsSchema: z.ZodType<PhaseCosts> = z.record(z.enum(phases), z.number().positive());

/** The composition root: config → logger → store → ComfyUI → jobs → Discord. */
export async function startBot(config: Config, options: BotOptions = {}) {
  const logger = options.logger ?? createLogger({ level: config.log.level, pretty: config.log.pretty });
  const now = options.now ?? Date.now;
  const dataDir = resolve(config.dataDir);
  const store = await openJobStore(config, { logger });

  let costs = (await store.getMeta("phaseCosts", phaseCostsSchema)) ?? defaultPhaseCosts;
  const pool = createServerPool(config, {
    logger,
    now,
    meta: store,
    videoDir: join(dataDir, "videos"),
    executor: {
      compact: { crf: Math.min(51, config.sampling.crf + 12) },
      costs: () => costs,
      learn: (measured) => {
        costs = learnPhaseCosts(costs, measured);
        void store.setMeta("phaseCosts", costs);
      },
    },
  });
  await pool.start();
  const catalog = createLoraCatalog({
    list: () => pool.loraNames(),
    refreshMs: options.loraRefreshMs ?? 5 * 60_000,
    logger,
  });

  const comfyServers = () => pool.servers();
  const metrics = createBotMetrics({ comfyServers });
  const videoDir = join(dataDir, "videos");
  const links = config.publicBaseUrl
    ? createLinkRegistry({
        store: store.kv,
        now,
        ttlMs: config.links.ttlMs,
        publicBaseUrl: config.publicBaseUrl,
        videoDir,
      })
    : undefined;
  const linkServer = links
    ? await startLinkServer({
        registry: links,
        host: config.links.host,
        port: config.links.port,
        logger,
        now,
      })
    : undefined;

  const restAgent = createDiscordRestAgent();
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: config.discord.apiUrl, timeout: 120_000, agent: restAgent },
  });
  const presenter = new DiscordPresenter({
    channel: createMessageChannel({
      rest: client.rest,
      now,
      tokenUsableMs: options.tokenUsableMs ?? 12 * 60_000,
    }),
    logger,
    now,
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
    store,
    presenter,
    lanes: pool.lanes,
    logger,
    limits: config.jobs,
    now,
    onStateChange: (job, from, to) => {
      metrics.jobStateChanged(from, to);
      if (to === "done" || to === "failed" || to === "cancelled") {
        metrics.jobFinished(to, (now() - job.createdAt) / 1000);
        const code = job.error?.code;
        if (to === "failed" && code && job.server && code in comfyErrorMessages) {
          metrics.comfyError(code as ComfyErrorCode, job.server);
        }
      }
    },
    onQueueDepth: (depth) => metrics.queueDepth(depth),
  });

  // A server that comes back can take the jobs that waited while it was down.
  for (const lane of pool.lanes) lane.health.onChange((up) => up && jobs.wake());

  const ctx: BotContext = {
    access: createAccessControl(config.access, store, now),
    config,
    logger,
    client,
    catalog,
    jobs,
    servers: pool,
    presenter,
    imageDir: join(dataDir, "images"),
    now,
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

  const ready = new Promise<void>((resolveReady) => client.once(Events.ClientReady, () => resolveReady()));
  catalog
    .refresh()
    .catch((error: unknown) => logger.warn({ err: error }, "LoRA list not loaded yet; will retry"));
  await client.login(config.discord.token);
  await ready;
  const recovered = await jobs.recover();
  const imageDir = join(dataDir, "images");
  const sweepImages = () =>
    sweepOldFiles(imageDir, config.imageRetentionMs, now()).then(
      (removed) => removed > 0 && logger.info({ removed }, "old input images removed"),
      (error: unknown) => logger.warn({ err: error }, "image sweep failed"),
    );
  void sweepImages();
  const imageSweep = setInterval(() => void sweepImages(), 6 * 3_600_000);
  imageSweep.unref();
  logger.info({ user: client.user?.tag, servers: config.servers.map((s) => s.name), recovered }, "bot ready");

  return {
    client,
    jobs,
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
      await store.close();
    },
  };
}

export type RunningBot = Awaited<ReturnType<typeof startBot>>;
