import { z } from "zod";
import type { serverEntry } from "./config-fields.js";
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

export type Env = z.infer<typeof envSchema>;

/** One ComfyUI server with its own placement (the global settings overridden by its COMFYUI_SERVERS entry). */
export interface ServerConfig {
  /** Its COMFYUI_SERVERS name, else its address; unique. Stored in job records, shown in logs. */
  name: string;
  url: string;
  /** host:port, never credentials. */
  address: string;
  devices: Config["devices"];
}

export interface Config {
  comfyUrls: string[];
  /** The ComfyUI servers, from COMFYUI_SERVERS or else COMFYUI_URL. `comfyUrls` lists the same URLs. */
  servers: ServerConfig[];
  serverHealth: { intervalMs: number; downGraceMs: number };
  models: { unetHigh: string; unetLow: string; vae: string; textEncoder: string; textEncoderType: string };
  devices: {
    allocation: string;
    compute: string;
    donor: string;
    vae: string;
    textEncoder: string;
    virtualVramGb: number;
  };
  sampling: {
    shift: number;
    splitStep: number;
    steps: number;
    cfg: number;
    sampler: string;
    scheduler: string;
    sageAttention: string;
    fps: number;
    defaultDurationSeconds: number;
    maxDurationSeconds: number;
    negativePrompt: string;
    outputPrefix: string;
    crf: number;
  };
  discord: {
    token?: string | undefined;
    applicationId?: string | undefined;
    apiUrl: string;
    attachmentHosts: string[];
  };
  jobs: {
    maxWaitingPerUser: number;
    maxWaiting: number;
    maxAttempts: number;
    pipelining: boolean;
    /** Live preview frames on progress messages. */
    previews: boolean;
  };
  /** Empty lists allow everyone; dailyQuota 0 is unlimited. Same shape as src/access AccessPolicy. */
  access: {
    allowedGuilds: string[];
    allowedChannels: string[];
    allowedRoles: string[];
    adminUsers: string[];
    adminRoles: string[];
    dailyQuota: number;
    /** GPU cost units (frames × pixels × steps / 1e6) one video may take; 0 = no cap. Admins are exempt. */
    maxJobCost: number;
    nsfwOnly: boolean;
  };
  dataDir: string;
  /** When set, jobs live in this Redis instead of the SQLite file in `dataDir`. */
  redisUrl?: string | undefined;
  /** One bot per store: the lease it holds, and whether a second one waits (standby) or refuses to start. */
  lease: { ttlMs: number; standby: boolean };
  publicBaseUrl?: string | undefined;
  links: { port: number; host: string; ttlMs: number };
  /** Prepared input images are kept this long so Reroll and Again keep working. */
  imageRetentionMs: number;
  httpPort: number;
  /** Health and metrics listen here; loopback by default since /metrics names the ComfyUI servers. */
  httpHost: string;
  log: { level: string; pretty?: boolean | undefined };
}

export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(readonly problems: string[]) {
    super(`Configuration problems:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

/** Each server's settings: the global ones, overridden by its own COMFYUI_SERVERS entry. */
function serverConfigs(e: Env): ServerConfig[] {
  const entries: z.infer<typeof serverEntry>[] = e.COMFYUI_SERVERS ?? e.COMFYUI_URL.map((url) => ({ url }));
  const servers = entries.map((s): ServerConfig => {
    const url = s.url.replace(/\/+$/, "");
    const parsed = new URL(url);
    const address = parsed.host;
    const compute = s.computeDevice ?? e.COMPUTE_DEVICE;
    return {
      name: s.name ?? `${address}${parsed.pathname.replace(/\/+$/, "")}`,
      url,
      address,
      devices: {
        allocation: s.allocation ?? e.DISTORCH_ALLOCATION,
        compute,
        donor: s.donorDevice ?? e.DONOR_DEVICE,
        vae: s.vaeDevice ?? e.VAE_DEVICE ?? compute,
        textEncoder: s.textEncoderDevice ?? e.TEXT_ENCODER_DEVICE ?? compute,
        virtualVramGb: s.virtualVramGb ?? e.VIRTUAL_VRAM_GB,
      },
    };
  });
  const names = servers.map((s) => s.name);
  const repeated = names.filter((name, i) => names.indexOf(name) !== i);
  if (repeated.length > 0) {
    throw new ConfigError([
      `COMFYUI_SERVERS: server names must differ (${[...new Set(repeated)].join(", ")})`,
    ]);
  }
  return servers;
}

/** Parses the environment once; every problem is listed together. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join(".") || "environment"}: ${issue.message}`),
    );
  }
  const e = parsed.data;
  if (e.SPLIT_STEP >= e.DEFAULT_STEPS) {
    throw new ConfigError([
      `SPLIT_STEP: the high-noise pass must end before the last step (SPLIT_STEP ${e.SPLIT_STEP} >= DEFAULT_STEPS ${e.DEFAULT_STEPS})`,
    ]);
  }
  const servers = serverConfigs(e);
  return {
    comfyUrls: servers.map((s) => s.url),
    servers,
    serverHealth: {
      intervalMs: e.COMFYUI_HEALTH_INTERVAL_SECONDS * 1000,
      downGraceMs: e.COMFYUI_DOWN_GRACE_SECONDS * 1000,
    },
    models: {
      unetHigh: e.UNET_HIGH_NOISE,
      unetLow: e.UNET_LOW_NOISE,
      vae: e.VAE_NAME,
      textEncoder: e.TEXT_ENCODER,
      textEncoderType: e.TEXT_ENCODER_TYPE,
    },
    devices: {
      allocation: e.DISTORCH_ALLOCATION,
      compute: e.COMPUTE_DEVICE,
      donor: e.DONOR_DEVICE,
      vae: e.VAE_DEVICE ?? e.COMPUTE_DEVICE,
      textEncoder: e.TEXT_ENCODER_DEVICE ?? e.COMPUTE_DEVICE,
      virtualVramGb: e.VIRTUAL_VRAM_GB,
    },
    sampling: {
      shift: e.MODEL_SHIFT,
      splitStep: e.SPLIT_STEP,
      steps: e.DEFAULT_STEPS,
      cfg: e.DEFAULT_CFG,
      sampler: e.SAMPLER,
      scheduler: e.SCHEDULER,
      sageAttention: e.SAGE_ATTENTION,
      fps: e.FPS,
      defaultDurationSeconds: e.DEFAULT_DURATION_SECONDS,
      maxDurationSeconds: e.MAX_DURATION_SECONDS,
      negativePrompt: e.DEFAULT_NEGATIVE_PROMPT,
      outputPrefix: e.OUTPUT_PREFIX,
      crf: e.VIDEO_CRF,
    },
    discord: {
      token: e.DISCORD_TOKEN,
      applicationId: e.DISCORD_APPLICATION_ID,
      apiUrl: e.DISCORD_API_URL.replace(/\/+$/, ""),
      attachmentHosts: e.ATTACHMENT_HOSTS,
    },
    jobs: {
      maxWaitingPerUser: e.MAX_WAITING_PER_USER,
      maxWaiting: e.MAX_WAITING,
      maxAttempts: e.MAX_ATTEMPTS,
      pipelining: e.PIPELINING,
      previews: e.PREVIEWS,
    },
    access: {
      allowedGuilds: e.ALLOWED_GUILDS,
      allowedChannels: e.ALLOWED_CHANNELS,
      allowedRoles: e.ALLOWED_ROLES,
      adminUsers: e.ADMIN_USERS,
      adminRoles: e.ADMIN_ROLES,
      dailyQuota: e.DAILY_QUOTA,
      maxJobCost: e.MAX_JOB_COST,
      nsfwOnly: e.NSFW_ONLY,
    },
    dataDir: e.DATA_DIR,
    redisUrl: e.REDIS_URL,
    lease: { ttlMs: e.LEASE_SECONDS * 1000, standby: e.STANDBY },
    publicBaseUrl: e.PUBLIC_BASE_URL?.replace(/\/+$/, ""),
    links: { port: e.LINK_PORT, host: e.LINK_HOST, ttlMs: e.LINK_TTL_HOURS * 3_600_000 },
    imageRetentionMs: e.IMAGE_RETENTION_DAYS * 86_400_000,
    httpPort: e.HTTP_PORT,
    httpHost: e.HTTP_HOST,
    log: { level: e.LOG_LEVEL, pretty: e.LOG_PRETTY },
  };
}
