import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REST, Routes } from "discord.js";
import pino from "pino";
import sharp from "sharp";
import { createCommands } from "../../commands/index.js";
import { type RunningBot, startBot, type BotOptions } from "../../src/bot.js";
import { type Config, loadConfig } from "../../src/config.js";
import { type ComfyEmulator, type ComfyEmulatorOptions, startComfyEmulator } from "../fakes/comfy/index.js";
import {
  type FakeDiscord,
  type FakeDiscordOptions,
  type FakeMessage,
  startFakeDiscord,
} from "../fakes/discord/index.js";

/** The model files the owner's configuration names; the emulated server lists exactly these. */
export const ownerModels = {
  unet_gguf: ["wan2.2_i2v_high_noise_14B_Q6_K.gguf", "wan2.2_i2v_low_noise_14B_Q6_K.gguf"],
  vae: ["wan_2.2_vae.safetensors", "wan_2.1_vae.safetensors"],
  text_encoders: ["umt5-xxl-enc-bf16-uncensored-CONVERTED.safetensors"],
};

export interface World {
  comfy: ComfyEmulator;
  discord: FakeDiscord;
  bot: RunningBot;
  /** Stops the bot and starts a new one on the same data folder, like a process restart. */
  restartBot(whileDown?: () => Promise<void>): Promise<RunningBot>;
  config: Config;
  dataDir: string;
  /** Every line the bot logged, parsed. */
  logs: Record<string, unknown>[];
  close(): Promise<void>;
}

export interface WorldOptions {
  comfy?: ComfyEmulatorOptions;
  discord?: FakeDiscordOptions;
  bot?: BotOptions;
  env?: Record<string, string>;
  loras?: string[];
}

export interface Fakes {
  comfy: ComfyEmulator;
  discord: FakeDiscord;
  /** The bot's environment: pass to loadConfig, or to a bot process. */
  env: Record<string, string>;
  dataDir: string;
}

/** The ComfyUI emulator and the fake Discord with the commands registered, and a fresh data folder. */
export async function startFakes(options: WorldOptions = {}): Promise<Fakes> {
  const dataDir = mkdtempSync(join(tmpdir(), "oelala-e2e-"));
  const comfy = await startComfyEmulator({
    stepDelayMs: 5,
    ...options.comfy,
    models: { ...ownerModels, loras: options.loras ?? [], ...options.comfy?.models },
  });
  const discord = await startFakeDiscord({ rateLimits: "record", ...options.discord });
  const env = {
    COMFYUI_URL: comfy.url,
    DISCORD_TOKEN: discord.token,
    DISCORD_APPLICATION_ID: discord.applicationId,
    DISCORD_API_URL: discord.apiUrl,
    ATTACHMENT_HOSTS: "127.0.0.1",
    DATA_DIR: dataDir,
    HTTP_PORT: "0",
    LINK_PORT: "0",
    LINK_HOST: "127.0.0.1",
    ...options.env,
  };
  const config = loadConfig(env);
  const guildId = discord.guilds[0]!.id;
  const rest = new REST({ api: discord.apiUrl }).setToken(discord.token);
  const body = createCommands(config).map(({ data }) => data);
  await rest.put(Routes.applicationGuildCommands(discord.applicationId, guildId), { body });
  return { comfy, discord, env, dataDir };
}

/** A real discord.js bot against the fake Discord and the ComfyUI emulator, with its own data folder. */
export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const { comfy, discord, env, dataDir } = await startFakes(options);
  const config = loadConfig(env);
  const logs: Record<string, unknown>[] = [];
  const logger = pino({ level: "debug" }, { write: (line: string) => void logs.push(JSON.parse(line)) });
  const launch = async () => {
    const bot = await startBot(config, { logger, editIntervalMs: 50, ...options.bot });
    await bot.catalog.refresh();
    return bot;
  };
  const world: World = {
    comfy,
    discord,
    bot: await launch(),
    async restartBot(whileDown) {
      await world.bot.stop();
      await whileDown?.();
      world.bot = await launch();
      return world.bot;
    },
    config,
    dataDir,
    logs,
    async close() {
      await world.bot.stop().catch(() => undefined);
      await discord.close();
      await comfy.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return world;
}

export async function testImage(width = 640, height = 360): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 90, b: 40 } } })
    .png()
    .toBuffer();
}

/** The channel message that carries a job's result: it mentions the user and has the Reroll button. */
export function resultMessages(discord: FakeDiscord): FakeMessage[] {
  return discord
    .channelMessages(discord.channel().id)
    .filter((m) => JSON.stringify(m.components).includes("reroll:"));
}

/** Percentages shown in a message's progress field, over all its edits, in order. */
export function percentagesShown(message: FakeMessage): number[] {
  const out: number[] = [];
  for (const edit of message.edits) {
    const text = JSON.stringify(edit.embeds);
    const match = /\*\*(\d{1,3})%\*\*/.exec(text);
    if (match) out.push(Number(match[1]));
  }
  return out;
}

/** Waits until `check` holds, polling; throws after `timeoutMs` so a stuck test says so. */
export async function until(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * The private answer to an interaction once it says something: an ephemeral follow-up, or an ephemeral
 * deferred reply after its edit (a deferred reply starts empty).
 */
export async function privateReply(w: World, interactionId: string): Promise<FakeMessage> {
  const isPrivate = (m: FakeMessage) =>
    m.interactionId === interactionId && (m.flags & 64) === 64 && m.content !== "";
  const existing = w.discord.channelMessages(w.discord.channel().id).find(isPrivate);
  if (existing) return existing;
  const event = await w.discord.waitFor((e) => "message" in e && isPrivate(e.message), {
    timeoutMs: 10_000,
  });
  return (event as { message: FakeMessage }).message;
}
