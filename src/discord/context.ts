import type { Client } from "discord.js";
import type { AccessControl } from "../access/control.js";
import type { Config } from "../config.js";
import type { JobService } from "../jobs/service.js";
import type { Logger } from "../logger.js";
import type { LoraCatalog } from "../loras/catalog.js";
import type { ServerPool } from "../pool/pool.js";
import type { AnimatePicks } from "./animate-picks.js";
import type { DiscordPresenter } from "./presenter.js";

/** The bot's parts, built once in main.ts and handed to every handler. */
export interface BotContext {
  config: Config;
  logger: Logger;
  client: Client;
  catalog: LoraCatalog;
  jobs: JobService;
  /** The ComfyUI servers (health, GPUs, queues) for /status. */
  servers: ServerPool;
  presenter: DiscordPresenter;
  now: () => number;
  /** What Animate's context menu picked, kept in the store until its modal is answered. */
  animatePicks: AnimatePicks;
  /** Allow-lists and the daily quota (kept in the job store); without it the quota is in memory only. */
  access?: AccessControl;
}
