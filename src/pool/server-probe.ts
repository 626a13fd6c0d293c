import type { ComfyHttp } from "../comfy/http.js";
import type { SystemStats } from "../comfy/schemas.js";

export interface GpuStatus {
  /** e.g. "cuda:0 NVIDIA GeForce RTX 3090" (the allocator suffix ComfyUI appends is dropped). */
  name: string;
  vramUsedBytes: number;
  vramTotalBytes: number;
}

/** One server as `/status` shows it. */
export interface ServerStatus {
  name: string;
  /** host:port; never credentials. */
  address: string;
  up: boolean;
  downSince?: number | undefined;
  /** ComfyUI's version, as last seen. */
  version?: string | undefined;
  /** Empty while down. */
  gpus: GpuStatus[];
  /** Every client's prompts there, running and pending; undefined while down. */
  queueDepth?: number | undefined;
  /** This bot's jobs there now. */
  ourJobs: number;
}

/** What one health check learned about a server. */
export interface ServerSnapshot {
  version: string | undefined;
  gpus: GpuStatus[];
  /** Every client's prompts there, running and pending. */
  queueDepth: number;
  /** The prompts of clients other than this process. */
  othersQueued: number;
}

/** The torch devices of /system_stats that are not the CPU. */
export function gpusOf(stats: SystemStats): GpuStatus[] {
  return stats.devices
    .filter((d) => d.type !== "cpu")
    .map((d) => ({
      name: d.name.replace(/\s*:\s*[A-Za-z]+$/, ""),
      vramUsedBytes: Math.max(0, d.vram_total - d.vram_free),
      vramTotalBytes: d.vram_total,
    }));
}

/** One look at a server: /system_stats for the GPUs and /queue for the work waiting there. */
export async function probeServer(
  http: Pick<ComfyHttp, "systemStats" | "queue">,
  clientId: string,
  signal: AbortSignal,
): Promise<ServerSnapshot> {
  const [stats, queue] = await Promise.all([http.systemStats({ signal }), http.queue({ signal })]);
  const items = [...queue.running, ...queue.pending];
  return {
    version: stats.system.comfyui_version,
    gpus: gpusOf(stats),
    queueDepth: items.length,
    othersQueued: items.filter((item) => item.clientId !== clientId).length,
  };
}
