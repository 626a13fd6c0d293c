import { z } from "zod";
import {
  text,
  optionalText,
  int,
  num,
  urlList,
  hostList,
  allocation,
  snowflake,
  snowflakeList,
  serverList,
} from "./config-fields.js";

/** Every setting once: its environment variable, default and bounds. src/config.ts derives the Config. */
export const envSchema = z.object({
  // ComfyUI servers (comma-separated for several)
  COMFYUI_URL: urlList("http://127.0.0.1:8188"),
  // Several servers with their own placement (JSON array); replaces COMFYUI_URL when set
  COMFYUI_SERVERS: serverList,
  COMFYUI_HEALTH_INTERVAL_SECONDS: num(5, 0.05, 600),
  COMFYUI_DOWN_GRACE_SECONDS: num(60, 0.05, 3600),
  // Model files (owner's defaults; `doctor` names known-bad combinations)
  UNET_HIGH_NOISE: text("wan2.2_i2v_high_noise_14B_Q6_K.gguf"),
  UNET_LOW_NOISE: text("wan2.2_i2v_low_noise_14B_Q6_K.gguf"),
  VAE_NAME: text("wan_2.2_vae.safetensors"),
  TEXT_ENCODER: text("umt5-xxl-enc-bf16-uncensored-CONVERTED.safetensors"),
  TEXT_ENCODER_TYPE: text("wan"),
  // DisTorch2 placement
  DISTORCH_ALLOCATION: allocation,
  COMPUTE_DEVICE: text("cuda:1"),
  DONOR_DEVICE: text("cpu"),
  VAE_DEVICE: optionalText(),
  TEXT_ENCODER_DEVICE: optionalText(),
  VIRTUAL_VRAM_GB: num(0, 0, 128),
  // Sampling
  MODEL_SHIFT: num(5, 0, 100),
  SPLIT_STEP: int(3, 1, 10000),
  DEFAULT_STEPS: int(6, 2, 10000),
  DEFAULT_CFG: num(1, 0, 100),
  SAMPLER: text("euler"),
  SCHEDULER: text("simple"),
  SAGE_ATTENTION: text("auto"),
  FPS: int(16, 1, 120),
  DEFAULT_DURATION_SECONDS: num(5, 0.1, 600),
  MAX_DURATION_SECONDS: num(10, 0.1, 600),
  DEFAULT_NEGATIVE_PROMPT: text("blurry, low quality, static, distorted, watermark, text"),
  OUTPUT_PREFIX: text("oelala-bot/wan22_i2v"),
  VIDEO_CRF: int(19, 0, 100),
  // Discord
  DISCORD_TOKEN: optionalText(),
  DISCORD_APPLICATION_ID: snowflake,
  DISCORD_API_URL: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.url({ protocol: /^https?$/ }).default("https://discord.com/api"),
  ),
  ATTACHMENT_HOSTS: hostList("cdn.discordapp.com,media.discordapp.net"),
  // Jobs
  MAX_WAITING_PER_USER: int(3, 1, 1000),
  MAX_WAITING: int(50, 1, 100000),
  MAX_ATTEMPTS: int(3, 1, 20),
  PIPELINING: z.preprocess((v) => (v === "" || v === undefined ? "true" : v), z.stringbool()),
  PREVIEWS: z.preprocess((v) => (v === "" || v === undefined ? "true" : v), z.stringbool()),
  // Access control
  ALLOWED_GUILDS: snowflakeList,
  ALLOWED_CHANNELS: snowflakeList,
  ALLOWED_ROLES: snowflakeList,
  ADMIN_USERS: snowflakeList,
  ADMIN_ROLES: snowflakeList,
  DAILY_QUOTA: int(0, 0, 100_000),
  MAX_JOB_COST: int(1000, 0, 100_000_000),
  NSFW_ONLY: z.preprocess((v) => (v === "" || v === undefined ? "false" : v), z.stringbool()),
  // Storage, links, logging
  DATA_DIR: text("./data"),
  REDIS_URL: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.url({ protocol: /^rediss?$/, hostname: /^.+$/ }).optional(),
  ),
  STANDBY: z.preprocess((v) => (v === "" || v === undefined ? "false" : v), z.stringbool()),
  LEASE_SECONDS: num(15, 1, 600),
  PUBLIC_BASE_URL: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.url({ protocol: /^https?$/ }).optional(),
  ),
  LINK_PORT: int(8788, 0, 65535),
  LINK_HOST: text("0.0.0.0"),
  LINK_TTL_HOURS: num(72, 0.01, 24 * 365),
  IMAGE_RETENTION_DAYS: num(14, 0.01, 3650),
  HTTP_PORT: int(8787, 0, 65535),
  HTTP_HOST: text("127.0.0.1"),
  LOG_LEVEL: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  ),
  LOG_PRETTY: z.preprocess((v) => (v === "" ? undefined : v), z.stringbool().optional()),
});

export type Env = z.output<typeof envSchema>;
