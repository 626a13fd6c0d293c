import type { ObjectInfo } from "../comfy/object-info.js";
import type { SystemStats } from "../comfy/schemas.js";
import type { BuildSettings } from "../workflow/build.js";
import { allocationDevices, comboStrings } from "../workflow/server-plan.js";
import { andList, fail, pass, warn, type CheckLine } from "./check.js";
import { compareVersions, parseVersion } from "./version.js";

type Devices = BuildSettings["devices"];

interface DeviceUse {
  device: string;
  env: string;
}

/** Every device the settings name, with the env var that names it. */
function deviceUses(devices: Devices): DeviceUse[] {
  return [
    ...allocationDevices(devices.allocation).map((device) => ({ device, env: "DISTORCH_ALLOCATION" })),
    { device: devices.compute, env: "COMPUTE_DEVICE" },
    { device: devices.donor, env: "DONOR_DEVICE" },
    { device: devices.vae, env: devices.vae === devices.compute ? "COMPUTE_DEVICE" : "VAE_DEVICE" },
    {
      device: devices.textEncoder,
      env: devices.textEncoder === devices.compute ? "COMPUTE_DEVICE" : "TEXT_ENCODER_DEVICE",
    },
  ];
}

/** `cuda:0` for `{type: "cuda", index: 0}`, `cpu` for `{type: "cpu", index: null}`. */
const statsDeviceName = (d: SystemStats["devices"][number]) =>
  d.index === null || d.index === undefined ? d.type : `${d.type}:${d.index}`;

interface Inventory {
  /** MultiGPU's device combo, the list validation uses; undefined when its loaders are missing. */
  combo?: string[] | undefined;
  /** Torch devices from `/system_stats`. */
  stats: string[];
  /** Whether `stats` lists every device (v0.23+) rather than just the one ComfyUI computes on. */
  statsComplete: boolean;
}

function inventory(info: ObjectInfo, stats: SystemStats): Inventory {
  const version = parseVersion(stats.system.comfyui_version ?? "");
  return {
    combo:
      comboStrings(info, "UnetLoaderGGUFAdvancedDisTorch2MultiGPU", "compute_device") ??
      comboStrings(info, "VAELoaderDisTorch2MultiGPU", "compute_device") ??
      comboStrings(info, "CLIPLoaderDisTorch2MultiGPU", "device"),
    stats: stats.devices.map(statsDeviceName),
    statsComplete:
      stats.devices.length > 1 || (version !== undefined && compareVersions(version, [0, 23, 0]) >= 0),
  };
}

type Presence = "present" | "missing" | "unknown";

function presence(device: string, inv: Inventory): Presence {
  if (inv.combo && !inv.combo.includes(device)) return "missing";
  if (device === "cpu" || inv.stats.includes(device)) return "present";
  if (inv.statsComplete) return "missing";
  return inv.combo ? "present" : "unknown";
}

/** Settings that work on the devices this server has, in the design's shape. */
function suggestion(available: string[]): { allocation: string; compute: string; host: string } {
  const gpus = available.filter((d) => d !== "cpu");
  const [first, second] = gpus;
  if (!first)
    return { allocation: "cpu,*", compute: "cpu", host: "a host without GPUs; it will be very slow" };
  if (!second) return { allocation: `${first},8gb;cpu,*`, compute: first, host: "a single-GPU host" };
  return {
    allocation: `${first},0.25gb;${second},8gb;cpu,*`,
    compute: second,
    host: `a ${gpus.length}-GPU host`,
  };
}

function envFix(envs: Set<string>, available: string[]): string {
  const s = suggestion(available);
  const values: Record<string, string> = {
    DISTORCH_ALLOCATION: s.allocation,
    COMPUTE_DEVICE: s.compute,
    DONOR_DEVICE: "cpu",
    VAE_DEVICE: s.compute,
    TEXT_ENCODER_DEVICE: s.compute,
  };
  const order = Object.keys(values).filter((env) => envs.has(env));
  return `set ${andList(order.map((env) => `${env}=${values[env]}`))} (suggested for ${s.host})`;
}

function gpuSummary(stats: SystemStats): string {
  const gpus = stats.devices.filter((d) => d.type !== "cpu");
  if (gpus.length === 0) return "no GPU reported";
  const gib = (bytes: number) => `${Math.round(bytes / 1024 ** 3)} GiB`;
  return gpus.map((d) => `${d.name.split(" : ")[0] ?? d.name} ${gib(d.vram_total)}`).join(", ");
}

/**
 * The devices named by DISTORCH_ALLOCATION, COMPUTE_DEVICE, DONOR_DEVICE, VAE_DEVICE and
 * TEXT_ENCODER_DEVICE must exist both in MultiGPU's device combo and among ComfyUI's torch devices.
 */
export function checkDevices(devices: Devices, info: ObjectInfo, stats: SystemStats): CheckLine {
  const inv = inventory(info, stats);
  const available = inv.combo ?? ["cpu", ...inv.stats.filter((d) => d !== "cpu")];
  const byDevice = new Map<string, { envs: Set<string>; state: Presence }>();
  for (const { device, env } of deviceUses(devices)) {
    const entry = byDevice.get(device) ?? { envs: new Set<string>(), state: presence(device, inv) };
    entry.envs.add(env);
    byDevice.set(device, entry);
  }
  const named = [...byDevice.keys()];
  const describe = (state: Presence) =>
    [...byDevice].filter(([, e]) => e.state === state).map(([d, e]) => `${d} (${[...e.envs].join(", ")})`);
  const missing = describe("missing");
  if (missing.length > 0) {
    const envs = new Set(
      [...byDevice.values()].filter((e) => e.state === "missing").flatMap((e) => [...e.envs]),
    );
    return fail(
      `${andList(missing)} ${missing.length === 1 ? "is" : "are"} not on this server, which has ${available.join(", ")}`,
      envFix(envs, available),
    );
  }
  const unknown = describe("unknown");
  if (unknown.length > 0) {
    return warn(
      `${andList(unknown)} cannot be confirmed: no MultiGPU loader lists the devices (${gpuSummary(stats)})`,
      "install ComfyUI-MultiGPU (see above) and run doctor again",
    );
  }
  return pass(`devices ${named.join(", ")} present (${gpuSummary(stats)})`);
}
