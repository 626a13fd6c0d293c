import { resolve } from "node:path";
import { Events } from "discord.js";
import { createAccessControl } from "./access/control.js";
import { openServerWarning } from "./access/open-warning.js";
import type { Config } from "./config.js";
import { createAnimatePicks } from "./discord/animate-picks.js";
import type { BotContext } from "./discord/context.js";
import { type Logger, createLogger } from "./logger.js";
import { createBotMetrics } from "./metrics/bot-metrics.js";
import { secureDataDir } from "./startup/data-dir.js";
import { StartupFailure, describeStartupFailure } from "./startup/failure.js";
import { loginOrFail } from "./startup/login.js";
import { type Teardown, createTeardown } from "./startup/teardown.js";
import { openBotStore } from "./store/bot-store.js";
import { routeInteractions, wireDiscordEdge } from "./wiring/discord.js";
import { wireJobs } from "./wiring/jobs.js";
import { wireLinks } from "./wiring/links.js";
import { startSweeper, wireOpsServer } from "./wiring/ops.js";
import { wireServers } from "./wiring/servers.js";

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
  /** Tests: the SQLite file's limits (a nearly full disk). */
  sqlite?: { roomPages?: number };
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
  const {
    store,
    jobs: jobTable,
    lease,
    leaseLost,
    pruneFinished,
  } = await openBotStore(config, logger, now, options.sqlite);
  started.add(() => store.close());

  const base = { logger, now, dataDir };
  const { pool, catalog } = await wireServers(
    config,
    { ...base, meta: store.meta, leaseHeld: lease.held, loraRefreshMs: options.loraRefreshMs },
    started,
  );
  const comfyServers = () => pool.servers();
  const metrics = createBotMetrics({ comfyServers });
  const { linkServer, linkFor } = await wireLinks(config, { ...base, links: store.links }, started);
  const { client, restAgent, presenter } = wireDiscordEdge(
    config,
    { ...base, metrics, linkFor, leaseHeld: lease.held },
    options,
    started,
  );
  const jobs = wireJobs(config, { ...base, store: jobTable, presenter, pool, metrics });

  const ctx: BotContext = {
    access: createAccessControl(config.access, store.quota, now),
    config,
    logger,
    client,
    catalog,
    jobs,
    servers: pool,
    presenter,
    now,
    animatePicks: createAnimatePicks(store.kv, now),
    videos: jobTable,
  };
  routeInteractions(client, ctx);
  const http = await wireOpsServer(
    config,
    { logger, metrics, jobs, comfyServers, discordReady: () => client.isReady() },
    started,
  );

  const ready = new Promise<void>((resolveReady) => client.once(Events.ClientReady, () => resolveReady()));
  await loginOrFail(client, config.discord.token, ready);
  // After the login: building the index of a large LoRA list holds the event loop for a few hundred
  // ms, which would only delay the gateway handshake. A search meanwhile waits for it (firstRefresh).
  catalog
    .refresh()
    .catch((error: unknown) => logger.warn({ err: error }, "LoRA list not loaded yet; will retry"));
  started.add(() => jobs.stop());
  const recovered = await jobs.recover();
  const stopSweeper = startSweeper(config, { ...base, pruneFinished });
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
      stopSweeper();
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
