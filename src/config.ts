import type { z } from "zod";
import type { serverEntry } from "./config-fields.js";
import { type Env, envSchema } from "./settings-schema.js";

export { envSchema } from "./settings-schema.js";

export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(readonly problems: string[]) {
    super(`Configuration problems:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

/** Each server's settings: the global ones, overridden by its own COMFYUI_SERVERS entry. */
function serverConfigs(e: Env) {
  const entries: z.infer<typeof serverEntry>[] = e.COMFYUI_SERVERS ?? e.COMFYUI_URL.map((url) => ({ url }));
  const servers = entries.map((s) => {
    const url = s.url.replace(/\/+$/, "");
    const parsed = new URL(url);
    const address = parsed.host;
    const compute = s.computeDevice ?? e.COMPUTE_DEVICE;
    return {
      /** Its COMFYUI_SERVERS name, else its address; unique. Stored in job records, shown in logs. */
      name: s.name ?? `${address}${parsed.pathname.replace(/\/+$/, "")}`,
      url,
      /** host:port, never credentials. */
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

/** The settings as the bot uses them, grouped by the part that reads them. */
function configOf(e: Env) {
  if (e.SPLIT_STEP >= e.DEFAULT_STEPS) {
    throw new ConfigError([
      `SPLIT_STEP: the high-noise pass must end before the last step (SPLIT_STEP ${e.SPLIT_STEP} >= DEFAULT_STEPS ${e.DEFAULT_STEPS})`,
    ]);
  }
  const servers = serverConfigs(e);
  return {
    comfyUrls: servers.map((s) => s.url),
    /** The ComfyUI servers, from COMFYUI_SERVERS or else COMFYUI_URL. `comfyUrls` lists the same URLs. */
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
      /** `previews`: live preview frames on progress messages. */
      maxWaitingPerUser: e.MAX_WAITING_PER_USER,
      maxWaiting: e.MAX_WAITING,
      maxAttempts: e.MAX_ATTEMPTS,
      pipelining: e.PIPELINING,
      previews: e.PREVIEWS,
    },
    /** Empty lists allow everyone; dailyQuota 0 is unlimited; maxJobCost 0 = no cap (admins exempt). */
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
    /** When set, jobs live in this Redis instead of the SQLite file in `dataDir`. */
    redisUrl: e.REDIS_URL,
    /** One bot per store: the lease it holds, and whether a second one waits (standby) or refuses. */
    lease: { ttlMs: e.LEASE_SECONDS * 1000, standby: e.STANDBY },
    publicBaseUrl: e.PUBLIC_BASE_URL?.replace(/\/+$/, ""),
    links: { port: e.LINK_PORT, host: e.LINK_HOST, ttlMs: e.LINK_TTL_HOURS * 3_600_000 },
    /** Prepared input images are kept this long so Reroll and Again keep working. */
    imageRetentionMs: e.IMAGE_RETENTION_DAYS * 86_400_000,
    httpPort: e.HTTP_PORT,
    /** Health and metrics; loopback by default since /metrics names the ComfyUI servers. */
    httpHost: e.HTTP_HOST,
    log: { level: e.LOG_LEVEL, pretty: e.LOG_PRETTY },
  };
}

/** The environment parsed and shaped into the Config: the one definition of each setting's type. */
export const configSchema = envSchema.transform(configOf);
export type Config = z.output<typeof configSchema>;
/** One ComfyUI server with its own placement (the global settings overridden by its COMFYUI_SERVERS entry). */
export type ServerConfig = Config["servers"][number];

/** Parses the environment once; every problem is listed together. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join(".") || "environment"}: ${issue.message}`),
    );
  }
  return parsed.data;
}
