import { Blob } from "node:buffer";
import type { Readable } from "node:stream";

import { type Dispatcher, FormData } from "undici";

import type { ApiPrompt } from "./prompt.js";
import { ComfyError, snippet } from "./errors.js";
import type { FileRef } from "./events.js";
import {
  callEmpty,
  callJson,
  type HttpTarget,
  parseJson,
  readText,
  send,
  statusError,
} from "./http-request.js";
import { type ObjectInfo, objectInfoSchema } from "./object-info.js";
import { nodeErrorLines, rejectionReason } from "./rejection.js";
import {
  featuresSchema,
  type HistoryEntry,
  historySchema,
  nameListSchema,
  promptInfoSchema,
  type QueueSnapshot,
  queuePromptAcceptedSchema,
  queuePromptRejectedSchema,
  queueSchema,
  type ServerFeatures,
  type SystemStats,
  systemStatsSchema,
  uploadImageSchema,
} from "./schemas.js";

export interface ComfyHttpOptions {
  baseUrl: string;
  dispatcher?: Dispatcher | undefined;
  /** Deadline for each JSON call, and the idle limit while streaming /view. Default 30 s. */
  timeoutMs?: number | undefined;
}

export interface QueuedPrompt {
  promptId: string;
  number: number;
}

type Signal = { signal?: AbortSignal | undefined };

/** The ComfyUI HTTP endpoints the bot uses, each answer parsed with zod. */
export interface ComfyHttp {
  /** Uploads an input image; returns the value for `LoadImage.inputs.image` (`subfolder/name` or `name`). */
  uploadImage(
    bytes: Uint8Array,
    name: string,
    options?: { subfolder?: string; overwrite?: boolean } & Signal,
  ): Promise<string>;
  /** POST /prompt with our own prompt id; any validation problem is a VALIDATION_FAILED ComfyError. */
  queuePrompt(prompt: ApiPrompt, clientId: string, promptId: string, options?: Signal): Promise<QueuedPrompt>;
  /** The history entry, or undefined while the prompt is unknown, pending or running. */
  history(promptId: string, options?: Signal): Promise<HistoryEntry | undefined>;
  queue(options?: Signal): Promise<QueueSnapshot>;
  /** Pending plus running prompts (GET /prompt). */
  queueRemaining(options?: Signal): Promise<number>;
  /** Removes pending prompts; a running prompt is not affected (use `interrupt`). */
  deleteFromQueue(promptIds: string[], options?: Signal): Promise<void>;
  /** With an id, stops that prompt only if it is the one running; without, stops whatever runs. */
  interrupt(promptId?: string, options?: Signal): Promise<void>;
  objectInfo(options?: Signal): Promise<ObjectInfo>;
  systemStats(options?: Signal): Promise<SystemStats>;
  features(options?: Signal): Promise<ServerFeatures>;
  /** Model folder keys, or the files in one folder (MISSING_CAPABILITY when the folder does not exist). */
  models(folder?: string, options?: Signal): Promise<string[]>;
  /** Streams an output file (not buffered); OUTPUT_MISSING when the server has no such file. */
  view(file: FileRef, options?: Signal): Promise<Readable>;
}

export function createComfyHttp(options: ComfyHttpOptions): ComfyHttp {
  const target: HttpTarget = {
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    dispatcher: options.dispatcher,
    timeoutMs: options.timeoutMs ?? 30_000,
  };

  async function deleteFromQueue(promptIds: string[], opts: Signal = {}): Promise<void> {
    if (promptIds.length === 0) return;
    await callEmpty(target, "/queue", { method: "POST", json: { delete: promptIds }, signal: opts.signal });
  }

  async function interrupt(promptId?: string, opts: Signal = {}): Promise<void> {
    const json = promptId === undefined ? {} : { prompt_id: promptId };
    await callEmpty(target, "/interrupt", { method: "POST", json, signal: opts.signal });
  }

  return {
    async uploadImage(bytes, name, opts = {}) {
      const form = new FormData();
      form.append("image", new Blob([bytes]), name);
      form.append("type", "input");
      if (opts.subfolder) form.append("subfolder", opts.subfolder);
      if (opts.overwrite) form.append("overwrite", "true");
      const path = "/upload/image";
      const res = await send(target, path, { method: "POST", form, signal: opts.signal });
      const text = await readText(res, opts, path);
      if (res.status === 400 || res.status === 413) {
        const reason = res.status === 413 ? "The image is larger than the server accepts." : undefined;
        throw new ComfyError("UPLOAD_FAILED", {
          cause: new Error(`POST ${path} answered ${res.status}`),
          diagnostics: { status: res.status, path, body: snippet(text) },
          ...(reason ? { reason } : {}),
        });
      }
      if (res.status < 200 || res.status >= 300) throw statusError(res.status, text, "POST", path);
      const stored = parseJson(text, uploadImageSchema, res.status, path);
      return stored.subfolder ? `${stored.subfolder}/${stored.name}` : stored.name;
    },

    async queuePrompt(prompt, clientId, promptId, opts = {}) {
      const path = "/prompt";
      const json = { prompt, client_id: clientId, prompt_id: promptId };
      const res = await send(target, path, { method: "POST", json, signal: opts.signal });
      const text = await readText(res, opts, path);
      if (res.status === 400) {
        const body = parseJson(text, queuePromptRejectedSchema, res.status, path);
        throw new ComfyError("VALIDATION_FAILED", {
          cause: new Error(`POST ${path} answered 400`),
          reason: rejectionReason(body),
          diagnostics: {
            status: 400,
            errorType: typeof body.error === "string" ? body.error : body.error.type,
            nodeErrors: nodeErrorLines(body.node_errors),
          },
        });
      }
      if (res.status >= 400 && res.status < 500) {
        throw new ComfyError("ENQUEUE_FAILED", {
          cause: new Error(`POST ${path} answered ${res.status}`),
          diagnostics: { status: res.status, path, body: snippet(text) },
        });
      }
      if (res.status < 200 || res.status >= 300) throw statusError(res.status, text, "POST", path);
      const accepted = parseJson(text, queuePromptAcceptedSchema, res.status, path);
      if (Object.keys(accepted.node_errors).length > 0) {
        // Some output passed, so the server queued a partial graph; it must not run as if it were ours.
        await Promise.allSettled([deleteFromQueue([accepted.prompt_id]), interrupt(accepted.prompt_id)]);
        throw new ComfyError("VALIDATION_FAILED", {
          cause: new Error(`POST ${path} answered 200 with node errors`),
          reason: rejectionReason({ error: "", node_errors: accepted.node_errors }),
          diagnostics: { status: res.status, nodeErrors: nodeErrorLines(accepted.node_errors) },
        });
      }
      return { promptId: accepted.prompt_id, number: accepted.number };
    },

    async history(promptId, opts = {}) {
      const all = await callJson(target, `/history/${encodeURIComponent(promptId)}`, historySchema, opts);
      return all[promptId];
    },

    queue: (opts = {}) => callJson(target, "/queue", queueSchema, opts),

    async queueRemaining(opts = {}) {
      const info = await callJson(target, "/prompt", promptInfoSchema, opts);
      return info.exec_info.queue_remaining;
    },

    deleteFromQueue,
    interrupt,

    objectInfo: (opts = {}) => callJson(target, "/object_info", objectInfoSchema, opts),
    systemStats: (opts = {}) => callJson(target, "/system_stats", systemStatsSchema, opts),
    features: (opts = {}) => callJson(target, "/features", featuresSchema, opts),

    async models(folder, opts = {}) {
      if (folder === undefined) return callJson(target, "/models", nameListSchema, opts);
      const path = `/models/${encodeURIComponent(folder)}`;
      const res = await send(target, path, { signal: opts.signal });
      const text = await readText(res, opts, path);
      if (res.status === 404) {
        throw new ComfyError("MISSING_CAPABILITY", {
          reason: `The model folder "${folder}" does not exist there.`,
          diagnostics: { status: 404, path },
        });
      }
      if (res.status < 200 || res.status >= 300) throw statusError(res.status, text, "GET", path);
      return parseJson(text, nameListSchema, res.status, path);
    },

    async view(file, opts = {}) {
      const query = new URLSearchParams({
        filename: file.filename,
        subfolder: file.subfolder,
        type: file.type,
      });
      const path = `/view?${query.toString()}`;
      const res = await send(target, path, { signal: opts.signal, streamed: true });
      if (res.status >= 200 && res.status < 300) return res.body;
      const text = await readText(res, opts, path);
      if (res.status === 404) {
        throw new ComfyError("OUTPUT_MISSING", {
          cause: new Error(`GET /view answered 404`),
          diagnostics: { status: 404, filename: file.filename, subfolder: file.subfolder, type: file.type },
        });
      }
      throw statusError(res.status, text, "GET", "/view");
    },
  };
}
