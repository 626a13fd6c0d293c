/** Everything a ComfyUI process holds in memory (lost on restart), wired together. */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { ObjectInfo } from "../../../src/comfy/object-info.js";
import { OutputCache } from "./cache.js";
import type { ExecutionControl } from "./executor.js";
import type { EmulatorModels, NodeFault, RecordedPrompt, RecordedUpload } from "./index.js";
import type { OutputDirs } from "./outputs.js";
import { PromptQueue } from "./queue.js";
import { SocketHub, type RunningNode } from "./sockets.js";
import { PromptWorker } from "./worker.js";

/** ComfyUI 0.3.64's server feature flags (`GET /features` and the WS reply). */
export const serverFeatures = { supports_preview_metadata: true, max_upload_size: 104857600 };

export interface Settings {
  models: EmulatorModels;
  devices: string[];
  stepDelayMs: number;
  nodeDelayMs: number;
  historyGapMs: number;
  previews: boolean;
  /** Extra time per node class (a model load, VAEDecode), before any progress ticks. */
  classDelayMs: Record<string, number>;
  /** Multiplies every delay: 2 = the server runs twice as slow. Changeable between runs. */
  speed: number;
  popBySidOnClose: boolean;
  videoBytes?: ((nodeId: string) => number | undefined) | undefined;
}

/** State that outlives a restart: files on disk, test configuration and the request log. */
export interface Persistent {
  settings: Settings;
  dirs: OutputDirs;
  objectInfo: ObjectInfo;
  faults: Map<string, NodeFault & { remaining: number }>;
  prompts: RecordedPrompt[];
  uploads: RecordedUpload[];
  dropAfterProgress: number | undefined;
}

export interface Runtime {
  hub: SocketHub;
  queue: PromptQueue;
  cache: OutputCache;
  worker: PromptWorker;
  control: ExecutionControl;
  /** `PromptServer.number`: the next automatic priority. */
  number: number;
}

/** `folder_paths.get_annotated_filepath`: `name [output]` picks the folder; the default is input/. */
export function annotatedPath(dirs: OutputDirs, name: string): string {
  const match = /^(.*) \[(input|output|temp)\]$/.exec(name);
  const [file, folder] = match
    ? [match[1] as string, match[2] as keyof OutputDirs]
    : [name, "input" as const];
  return path.join(dirs[folder], file);
}

function loadImageDigest(dirs: OutputDirs, name: unknown): string {
  const file = annotatedPath(dirs, String(name));
  return existsSync(file) ? createHash("sha256").update(readFileSync(file)).digest("hex") : "missing";
}

export function createRuntime(p: Persistent, previous?: Runtime): Runtime {
  const hub = new SocketHub(serverFeatures, p.settings.popBySidOnClose);
  const queue = new PromptQueue(() =>
    hub.send("status", { status: { exec_info: { queue_remaining: queue.remaining } } }, undefined),
  );
  if (previous) {
    for (const item of previous.queue.pending) queue.pending.push(item);
    for (const [id, entry] of previous.queue.history) queue.history.set(id, entry);
  }
  const running: RunningNode = { clientId: undefined, nodeId: undefined };
  let progressCount = 0;
  const control: ExecutionControl = {
    interrupted: false,
    running,
    takeFault(nodeId) {
      const fault = p.faults.get(nodeId);
      if (!fault) return undefined;
      fault.remaining -= 1;
      if (fault.remaining <= 0) p.faults.delete(nodeId);
      return fault;
    },
    afterProgress() {
      if (p.dropAfterProgress === undefined) return;
      progressCount += 1;
      if (progressCount >= p.dropAfterProgress) {
        p.dropAfterProgress = undefined;
        progressCount = 0;
        hub.dropAll();
      }
    },
    sleep: (ms) => worker.sleep(ms),
  };
  const cache = new OutputCache();
  const worker: PromptWorker = new PromptWorker(
    queue,
    {
      hub,
      objectInfo: p.objectInfo,
      cache,
      isChanged: (classType, inputs) =>
        classType === "LoadImage"
          ? loadImageDigest(p.dirs, inputs["image"])
          : classType === "VHS_LoadVideo"
            ? loadImageDigest(p.dirs, inputs["video"])
            : "",
      plan: {
        dirs: p.dirs,
        videoBytes: p.settings.videoBytes,
        inputPath: (name) => annotatedPath(p.dirs, name),
      },
      stepDelayMs: p.settings.stepDelayMs,
      nodeDelayMs: p.settings.nodeDelayMs,
      previews: p.settings.previews,
      timing: p.settings,
      control,
    },
    p.settings.historyGapMs,
  );
  return { hub, queue, cache, worker, control, number: 0 };
}
