/**
 * A local ComfyUI 0.3.64 emulator for tests: HTTP + WebSocket on one 127.0.0.1 port, validation through
 * `validatePrompt`, a serial queue, the recorded socket timeline, real mp4 outputs and faults on demand.
 */
import type { ObjectInfo } from "../../../src/comfy/object-info.js";
import type { ApiPrompt } from "../../../src/comfy/prompt.js";

/** Model files the emulated server "has"; they replace the model/LoRA combos of the object_info fixture. */
export interface EmulatorModels {
  unet_gguf: string[];
  vae: string[];
  text_encoders: string[];
  loras: string[];
}

export interface ComfyEmulatorOptions {
  /** Fixed port (so a restart can reuse it); default 0 = any free port. */
  port?: number;
  /** A complete object_info to serve instead of the fixture (model/device replacement is then skipped). */
  objectInfo?: ObjectInfo;
  /** Model files; default: the names used in NODES.md §8. */
  models?: Partial<EmulatorModels>;
  /** Device combo values (MultiGPU `get_device_list()`); default `["cpu","cuda:0","cuda:1"]`. Drives `/system_stats` too. */
  devices?: string[];
  /** Node classes to remove from object_info, e.g. `["PathchSageAttentionKJ"]` to emulate a missing pack. */
  dropClasses?: string[];
  /** Files already present in `input/` (LoadImage accepts them). */
  inputFiles?: Record<string, Buffer>;
  /** Delay per progress step (sampler step, VHS frame); default 2 ms. */
  stepDelayMs?: number;
  /** Delay per executed node; default 1 ms. */
  nodeDelayMs?: number;
  /** Gap between `execution_success`/`_error`/`_interrupted` and the history write; default 0 ms. */
  historyGapMs?: number;
  /** Send binary previews on sampler steps (type 1, or type 4 when negotiated); default true. */
  previews?: boolean;
  /** Size in bytes of the mp4 a VHS node writes (padded with a `free` box); undefined = the tiny fixture as is. */
  videoBytes?: (nodeId: string) => number | undefined;
  /** Directory for input/output/temp; default a fresh temp dir, removed by `close()`. */
  dataDir?: string;
  /**
   * Reproduce ComfyUI's reconnect hazard: a closing socket unregisters its sid even when a newer socket
   * with the same clientId already replaced it (PROTOCOL §5.1). Default false.
   */
  reconnectHazard?: boolean;
}

export interface NodeFault {
  /** Fail at this 1-based progress step of the node; default: when the node starts. */
  atStep?: number;
  /** The exception text (without the trailing "\n" ComfyUI adds). */
  message?: string;
  /** e.g. "torch.OutOfMemoryError"; default "RuntimeError". */
  exceptionType?: string;
  /** Fail only this many prompts, then heal; default forever (until `clearFaults`). */
  times?: number;
}

/** Every POST /prompt body as received (parsed JSON, or the raw text when it was not JSON). */
export interface RecordedPrompt {
  body: unknown;
  status: number;
  promptId?: string;
  receivedAt: number;
}

export interface RecordedUpload {
  /** The multipart filename as sent. */
  filename: string;
  /** The final stored name (after dedupe). */
  name: string;
  subfolder: string;
  type: string;
  overwrite: boolean;
  bytes: Buffer;
}

export type HttpMethod = "GET" | "POST";

export interface ComfyEmulator {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  readonly url: string;
  /** `ws://127.0.0.1:<port>/ws` (append `?clientId=`). */
  readonly wsUrl: string;
  readonly port: number;
  /** The object_info the server serves and validates against. */
  readonly objectInfo: ObjectInfo;
  readonly prompts: RecordedPrompt[];
  readonly uploads: RecordedUpload[];
  /** Absolute directories of `output/` and `input/` (for checking files written). */
  readonly outputDir: string;
  readonly inputDir: string;
  /** Client ids of the sockets currently open. */
  connectedClients(): string[];
  /** Make node `nodeId` raise during the next runs. */
  failNode(nodeId: string, fault?: NodeFault): void;
  clearFaults(): void;
  /** Close every client socket now, or after the n-th `progress` message of the running prompt. The run continues. */
  dropSockets(options?: { afterProgress?: number }): void;
  /** Close and reopen on the same port like a ComfyUI restart; by default queue, history and cache are lost. */
  restart(options?: { loseQueue?: boolean; downMs?: number }): Promise<void>;
  /** The next `times` requests to `method path` (either spelling, / or /api/) answer `status` with an empty body. */
  failRoute(method: HttpMethod, path: string, status: number, times?: number): void;
  /** Delay every request to `method path` by `ms`. */
  slowRoute(method: HttpMethod, path: string, ms: number): void;
  /** Hold the worker: queued prompts stay pending until `resume()`. The running prompt finishes. */
  pause(): void;
  resume(): void;
  /** Resolves when nothing is queued or running, or the worker died. While paused with prompts queued it waits for resume(). */
  idle(): Promise<void>;
  /** False once a dangling link killed the prompt worker (as on ComfyUI 0.3.64); a restart revives it. */
  isWorkerAlive(): boolean;
  close(): Promise<void>;
}

export type { ApiPrompt };
export { startComfyEmulator } from "./server.js";
