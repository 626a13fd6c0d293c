import type { Dispatcher } from "undici";

import { isComfyError } from "../comfy/errors.js";
import { createComfyHttp, type ComfyHttp } from "../comfy/http.js";
import type { ObjectInfo } from "../comfy/object-info.js";
import type { SystemStats } from "../comfy/schemas.js";
import type { BuildSettings } from "../workflow/build.js";
import { fail, pass, type CheckGroup, type CheckLine } from "./check.js";
import { checkDevices } from "./devices.js";
import { checkKnownProblems } from "./known-bad.js";
import { checkModels, MODEL_FOLDERS, type FolderListings } from "./models.js";
import { checkNodeClasses } from "./nodes.js";
import { checkOptions } from "./options.js";
import { checkSageAttention } from "./sage.js";
import { checkVersion } from "./version.js";

export interface ServerInspectionOptions {
  dispatcher?: Dispatcher | undefined;
  /** Per request; short so a dead server is reported fast. Default 5 s. */
  timeoutMs?: number | undefined;
  /** Called with each failed request, for the debug log. */
  onError?: (error: unknown, what: string) => void;
}

/** What the server's answers say about it. Everything after this is pure. */
export interface ServerFacts {
  stats: SystemStats;
  info: ObjectInfo;
  listings: FolderListings;
}

/** All checks of one reachable server, in the order they are printed. */
export function checkServer(facts: ServerFacts, settings: BuildSettings): CheckLine[] {
  const { stats, info, listings } = facts;
  return [
    pass("reachable"),
    checkVersion(stats),
    ...checkNodeClasses(info),
    ...checkModels(info, settings, listings),
    ...checkOptions(info, settings),
    checkDevices(settings.devices, info, stats),
    ...checkKnownProblems(info, settings),
    checkSageAttention(info, stats, settings.sampling.sageAttention),
  ];
}

/** A failed request in doctor words. */
function failure(error: unknown, url: string, what: string, timeoutMs: number): CheckLine {
  const code = isComfyError(error) ? error.comfyCode : undefined;
  const start = `start ComfyUI there (add --listen to reach it from another host) or fix COMFYUI_URL`;
  if (code === "UNREACHABLE") {
    const detail = isComfyError(error)
      ? (error.diagnostics["errorCode"] ?? error.diagnostics.status)
      : undefined;
    return fail(`not reachable${detail === undefined ? "" : ` (${String(detail)})`}`, start);
  }
  if (code === "TIMEOUT")
    return fail(`not reachable (no answer to ${what} within ${timeoutMs / 1000} s)`, start);
  const status = isComfyError(error) ? error.diagnostics.status : undefined;
  return fail(
    `${what} answered${status === undefined ? "" : ` ${status}`}, but not like ComfyUI`,
    `check that COMFYUI_URL=${url} points at ComfyUI itself (not a web UI or proxy page)`,
  );
}

const LOADERS = [
  "UnetLoaderGGUFAdvancedDisTorch2MultiGPU",
  "VAELoaderDisTorch2MultiGPU",
  "CLIPLoaderDisTorch2MultiGPU",
];

async function listings(http: ComfyHttp): Promise<FolderListings> {
  const entries = await Promise.all(
    MODEL_FOLDERS.map(async (folder) => [folder, await http.models(folder).catch(() => undefined)] as const),
  );
  return Object.fromEntries(entries.filter(([, list]) => list !== undefined));
}

/** Asks one ComfyUI server what it has and checks it against the settings. */
export async function inspectServer(
  url: string,
  settings: BuildSettings,
  options: ServerInspectionOptions = {},
): Promise<CheckGroup> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const http = createComfyHttp({ baseUrl: url, dispatcher: options.dispatcher, timeoutMs });
  const title = `ComfyUI ${url}`;
  let stats: SystemStats;
  try {
    stats = await http.systemStats();
  } catch (error) {
    options.onError?.(error, "/system_stats");
    return { title, lines: [failure(error, url, "/system_stats", timeoutMs)] };
  }
  let info: ObjectInfo;
  try {
    info = await http.objectInfo();
  } catch (error) {
    options.onError?.(error, "/object_info");
    return { title, lines: [failure(error, url, "/object_info", timeoutMs)] };
  }
  // The folders only help when a loader class (whose combo lists the files) is missing.
  const needListings = LOADERS.some((classType) => !info[classType]);
  const found = needListings ? await listings(http) : {};
  return { title, lines: checkServer({ stats, info, listings: found }, settings) };
}
