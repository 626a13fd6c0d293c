/** `startComfyEmulator`: HTTP + `/ws` on one 127.0.0.1 port, with restarts and faults on demand. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { WebSocketServer } from "ws";
import { BadJson, empty, internalError, readBody, send, type Reply } from "./http.js";
import type { ComfyEmulator, ComfyEmulatorOptions, HttpMethod } from "./index.js";
import { buildObjectInfo, defaultDevices, defaultModels } from "./object-info.js";
import { fileRoutes } from "./routes-files.js";
import { infoRoutes } from "./routes-info.js";
import { promptRoutes } from "./routes-prompt.js";
import { createRuntime, type Persistent, type Runtime } from "./runtime.js";

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const stripApi = (pathname: string) => (pathname.startsWith("/api/") ? pathname.slice(4) : pathname);

interface RouteRule {
  method: HttpMethod;
  path: string;
  status?: number;
  remaining?: number;
  ms?: number;
}

const matches = (rule: RouteRule, method: string, pathname: string) => {
  const wanted = stripApi(rule.path);
  const pathOk = wanted.endsWith("*") ? pathname.startsWith(wanted.slice(0, -1)) : pathname === wanted;
  return rule.method === method && pathOk;
};

/** ComfyUI's origin-only middleware (no --enable-cors-header): cross-site requests get 403. */
function crossSite(req: IncomingMessage): boolean {
  if (req.headers["sec-fetch-site"] === "cross-site") return true;
  const { host, origin } = req.headers;
  if (!host || !origin) return false;
  try {
    return new URL(`http://${host}`).hostname !== new URL(origin).hostname;
  } catch {
    return false;
  }
}

export async function startComfyEmulator(options: ComfyEmulatorOptions = {}): Promise<ComfyEmulator> {
  const ownsDir = options.dataDir === undefined;
  const root = options.dataDir ?? mkdtempSync(path.join(tmpdir(), "comfy-emulator-"));
  const dirs = {
    input: path.join(root, "input"),
    output: path.join(root, "output"),
    temp: path.join(root, "temp"),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of Object.entries(options.inputFiles ?? {}))
    writeFileSync(path.join(dirs.input, name), bytes);
  const models = { ...defaultModels(), ...options.models };
  const devices = options.devices ?? defaultDevices;
  const p: Persistent = {
    settings: {
      models,
      devices,
      stepDelayMs: options.stepDelayMs ?? 2,
      nodeDelayMs: options.nodeDelayMs ?? 1,
      historyGapMs: options.historyGapMs ?? 0,
      previews: options.previews ?? true,
      classDelayMs: options.classDelayMs ?? {},
      speed: 1,
      popBySidOnClose: options.reconnectHazard ?? false,
      videoBytes: options.videoBytes,
    },
    dirs,
    objectInfo:
      options.objectInfo ?? buildObjectInfo({ models, devices, dropClasses: options.dropClasses ?? [] }),
    faults: new Map(),
    prompts: [],
    uploads: [],
    dropAfterProgress: undefined,
  };
  const rules: RouteRule[] = [];
  let rt: Runtime = createRuntime(p);
  rt.worker.start();
  const wss = new WebSocketServer({ noServer: true });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const method = req.method ?? "GET";
    const pathname = stripApi(url.pathname);
    const body = await readBody(req);
    if (method === "OPTIONS") return send(res, empty());
    if (crossSite(req)) return send(res, empty(403));
    if (body === undefined) return send(res, { status: 413, text: "Request Entity Too Large" });
    for (const rule of rules) if (rule.ms && matches(rule, method, pathname)) await delay(rule.ms);
    const fault = rules.find(
      (rule) => rule.status && (rule.remaining ?? 0) > 0 && matches(rule, method, pathname),
    );
    if (fault) {
      fault.remaining = (fault.remaining ?? 1) - 1;
      return send(res, fault.status === 500 ? internalError() : empty(fault.status));
    }
    const request = { method, path: pathname, query: url.searchParams, headers: req.headers, body };
    let reply: Reply;
    try {
      reply = promptRoutes(p, rt, request) ??
        infoRoutes(p, request) ??
        (await fileRoutes(p, request)) ?? { status: 404, text: "404: Not Found" };
    } catch (error) {
      if (!(error instanceof BadJson)) console.error("ComfyUI emulator route failed", error);
      reply = internalError();
    }
    send(res, reply);
  }

  function listen(port: number): Promise<Server> {
    const server = createServer((req, res) => void route(req, res));
    server.on("upgrade", (req, socket, head) => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      if (stripApi(url.pathname) !== "/ws") {
        socket.destroy();
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        rt.hub.connect(ws, url.searchParams.get("clientId"), rt.queue.remaining, rt.control.running);
      });
    });
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve(server));
    });
  }

  let server = await listen(options.port ?? 0);
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;

  async function shutdown(): Promise<void> {
    rt.worker.stop();
    rt.hub.dropAll();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    port,
    objectInfo: p.objectInfo,
    prompts: p.prompts,
    uploads: p.uploads,
    outputDir: dirs.output,
    inputDir: dirs.input,
    connectedClients: () => rt.hub.clientIds(),
    failNode(nodeId, fault = {}) {
      p.faults.set(nodeId, { ...fault, remaining: fault.times ?? Number.POSITIVE_INFINITY });
    },
    clearFaults: () => p.faults.clear(),
    dropSockets({ afterProgress } = {}) {
      if (afterProgress === undefined) rt.hub.dropAll();
      else p.dropAfterProgress = afterProgress;
    },
    async restart({ loseQueue = true, downMs = 0 } = {}) {
      await shutdown();
      await delay(downMs);
      rt = createRuntime(p, loseQueue ? undefined : rt);
      rt.worker.start();
      server = await listen(port);
    },
    failRoute(method, routePath, status, times = 1) {
      rules.push({ method, path: routePath, status, remaining: times });
    },
    slowRoute(method, routePath, ms) {
      rules.push({ method, path: routePath, ms });
    },
    setSpeed(factor) {
      p.settings.speed = factor;
    },
    pause: () => rt.worker.pause(),
    resume: () => rt.worker.resume(),
    idle: () => rt.worker.idle(),
    isWorkerAlive: () => !rt.worker.dead,
    async close() {
      await shutdown();
      wss.close();
      if (ownsDir) rmSync(root, { recursive: true, force: true });
    },
  };
}
