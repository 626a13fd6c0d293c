/** Read-only catalogue routes: `/object_info`, `/system_stats`, `/features`, `/models`, `/embeddings`. */
import { readdirSync } from "node:fs";
import { empty, json, type Reply, type Request } from "./http.js";
import { modelFolders, servedObjectInfo } from "./object-info.js";
import { serverFeatures, type Persistent } from "./runtime.js";

const GIB = 1024 ** 3;

function inputFiles(p: Persistent): string[] {
  return readdirSync(p.dirs.input, { withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name);
}

/** One entry per torch device, primary first (the v0.23+ multi-device form); cpu only when no GPU. */
function devices(p: Persistent) {
  const gpus = p.settings.devices.filter((d) => /^cuda:\d+$/.test(d));
  if (gpus.length === 0) {
    return [
      {
        name: "cpu",
        type: "cpu",
        index: null,
        vram_total: 64 * GIB,
        vram_free: 60 * GIB,
        torch_vram_total: 64 * GIB,
        torch_vram_free: 60 * GIB,
      },
    ];
  }
  return gpus.map((device) => ({
    name: `${device} NVIDIA GeForce RTX 3090 : cudaMallocAsync`,
    type: "cuda",
    index: Number(device.slice("cuda:".length)),
    vram_total: 24 * GIB,
    vram_free: 23 * GIB,
    torch_vram_total: 0,
    torch_vram_free: 0,
  }));
}

function systemStats(p: Persistent) {
  return {
    system: {
      os: "posix",
      ram_total: 64 * GIB,
      ram_free: 60 * GIB,
      comfyui_version: "0.3.64",
      required_frontend_version: "1.27.10",
      installed_templates_version: null,
      required_templates_version: "0.1.95",
      python_version: "3.11.2 (main, Apr 28 2025, 14:11:48) [GCC 12.2.0]",
      pytorch_version: "2.8.0+cu128",
      embedded_python: false,
      argv: ["main.py", "--listen", "127.0.0.1", "--port", "8188"],
    },
    devices: devices(p),
  };
}

export function infoRoutes(p: Persistent, request: Request): Reply | undefined {
  if (request.method !== "GET") return undefined;
  const { path } = request;
  if (path === "/object_info") return json(servedObjectInfo(p.objectInfo, inputFiles(p)));
  if (path.startsWith("/object_info/")) {
    const classType = decodeURIComponent(path.slice("/object_info/".length));
    if (!Object.hasOwn(p.objectInfo, classType)) return json({});
    const served = servedObjectInfo({ [classType]: p.objectInfo[classType] as never }, inputFiles(p));
    return json(served);
  }
  if (path === "/system_stats") return json(systemStats(p));
  if (path === "/features") return json(serverFeatures);
  if (path === "/embeddings") return json([]);
  const folders = modelFolders(p.settings.models);
  if (path === "/models") return json(Object.keys(folders));
  if (path.startsWith("/models/")) {
    const folder = decodeURIComponent(path.slice("/models/".length));
    return Object.hasOwn(folders, folder) ? json(folders[folder]) : empty(404);
  }
  return undefined;
}
