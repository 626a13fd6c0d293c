import { randomUUID } from "node:crypto";

import type { Dispatcher } from "undici";

import type { Logger } from "../logger.js";
import type { ApiPrompt } from "./prompt.js";
import type { BackoffOptions } from "./backoff.js";
import { ComfyError } from "./errors.js";
import type { PromptResult } from "./events.js";
import { type ComfyHttp, createComfyHttp } from "./http.js";
import type { ObjectInfo } from "./object-info.js";
import { realClock, type Clock } from "../clock.js";
import { createComfySocket, type SocketFactory } from "./socket.js";
import { createPromptWatch, type HistoryRetry, type PromptWatch, type WatchOptions } from "./watch.js";

export interface ComfyClientOptions {
  baseUrl: string;
  /** One stable id per process; every prompt is submitted with it. */
  clientId: string;
  logger: Logger;
  dispatcher?: Dispatcher | undefined;
  socketFactory?: SocketFactory | undefined;
  scheduler?: Clock | undefined;
  historyRetry?: Partial<HistoryRetry> | undefined;
  /** HTTP deadline per call. Default 30 s. */
  timeoutMs?: number | undefined;
  /** How long `run` waits for the socket before UNREACHABLE. Default 10 s. */
  connectTimeoutMs?: number | undefined;
  reconnect?: BackoffOptions | undefined;
  pingIntervalMs?: number | undefined;
}

export interface RunOptions extends WatchOptions {
  /** Our own id for the prompt; a fresh UUID by default. */
  promptId?: string | undefined;
}

export interface ComfyClient extends ComfyHttp {
  readonly clientId: string;
  readonly connected: boolean;
  /** Submits a prompt and resolves with its files once it has finished (socket opened first). */
  run(prompt: ApiPrompt, options?: RunOptions): Promise<PromptResult>;
  /** Follows a prompt an earlier process submitted: settles at once if it is done, else waits. */
  reattach(promptId: string, options?: WatchOptions): Promise<PromptResult>;
  /** /object_info, fetched once per client. */
  objectInfo(): Promise<ObjectInfo>;
  /** Fetches /object_info again (after models or custom nodes changed). */
  refreshObjectInfo(): Promise<ObjectInfo>;
  /** Closes the socket; prompts still being followed reject with DISCONNECTED. */
  close(): Promise<void>;
}

export function createComfyClient(options: ComfyClientOptions): ComfyClient {
  const log = options.logger.child({ comfy: options.baseUrl });
  const scheduler = options.scheduler ?? realClock;
  const http = createComfyHttp(options);
  const socket = createComfySocket({
    baseUrl: options.baseUrl,
    clientId: options.clientId,
    factory: options.socketFactory,
    scheduler,
    logger: log,
    backoff: options.reconnect,
    pingIntervalMs: options.pingIntervalMs,
  });
  const historyRetry: HistoryRetry = { attempts: 8, delayMs: 250, ...options.historyRetry };
  const watches = new Set<PromptWatch>();
  let objectInfo: Promise<ObjectInfo> | undefined;

  socket.on("frame", (frame) => watches.forEach((w) => w.onFrame(frame)));
  socket.on("preview", (preview) => watches.forEach((w) => w.onPreview(preview)));
  socket.on("disconnected", () => watches.forEach((w) => w.onDisconnected()));
  socket.on("reconnected", () => watches.forEach((w) => w.onReconnected()));

  function watch(promptId: string, watchOptions: WatchOptions): PromptWatch {
    const created = createPromptWatch(
      promptId,
      { http, scheduler, logger: log, historyRetry, onSettled: (w) => watches.delete(w) },
      watchOptions,
    );
    watches.add(created);
    return created;
  }

  async function connected(signal: AbortSignal | undefined): Promise<void> {
    signal?.throwIfAborted();
    const open = socket.waitOpen(options.connectTimeoutMs ?? 10_000);
    if (!signal) return open;
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
      open.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
    });
  }

  function loadObjectInfo(): Promise<ObjectInfo> {
    objectInfo ??= http.objectInfo().catch((error: unknown) => {
      objectInfo = undefined;
      throw error;
    });
    return objectInfo;
  }

  return {
    ...http,
    clientId: options.clientId,
    get connected() {
      return socket.connected;
    },

    async run(prompt, runOptions = {}) {
      const promptId = runOptions.promptId ?? randomUUID();
      await connected(runOptions.signal);
      // Registered before the POST: a cached prompt can finish before the HTTP answer arrives.
      const pending = watch(promptId, runOptions);
      try {
        const queued = await http.queuePrompt(prompt, options.clientId, promptId, {
          signal: runOptions.signal,
        });
        const rekeyed = queued.promptId !== promptId;
        if (rekeyed) {
          log.warn({ promptId, serverPromptId: queued.promptId }, "server ignored our prompt_id");
          pending.rekey(queued.promptId);
        }
        pending.begin({ type: "queued", promptId: queued.promptId, number: queued.number });
        // Frames for the server's id that came before its answer were not recognised as ours.
        if (rekeyed) pending.reconcile();
      } catch (error) {
        pending.fail(error);
      }
      return pending.promise;
    },

    async reattach(promptId, watchOptions = {}) {
      await connected(watchOptions.signal);
      const pending = watch(promptId, watchOptions);
      pending.begin();
      pending.reconcile();
      return pending.promise;
    },

    objectInfo: loadObjectInfo,
    refreshObjectInfo() {
      objectInfo = undefined;
      return loadObjectInfo();
    },

    async close() {
      for (const w of [...watches])
        w.fail(new ComfyError("DISCONNECTED", { diagnostics: { promptId: w.promptId } }));
      await socket.close();
    },
  };
}
