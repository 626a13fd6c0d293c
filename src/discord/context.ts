import type { Client } from "discord.js";
import type { Config } from "../config.js";
import type { JobService } from "../jobs/service.js";
import type { Logger } from "../logger.js";
import type { LoraCatalog } from "../loras/catalog.js";
import type { DiscordPresenter } from "./presenter.js";

/** The bot's parts, built once in main.ts and handed to every handler. */
export interface BotContext {
  config: Config;
  logger: Logger;
  client: Client;
  catalog: LoraCatalog;
  jobs: JobService;
  presenter: DiscordPresenter;
  /** Where prepared input images are kept until their job ends. */
  imageDir: string;
  now: () => number;
}
