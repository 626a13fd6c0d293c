import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WebSocket } from "ws";
import { z } from "zod";

export const chromiumPath = "/usr/bin/chromium";

const responseSchema = z.object({
  id: z.number(),
  result: z.record(z.string(), z.unknown()).optional(),
  error: z.object({ message: z.string() }).optional(),
});
const eventSchema = z.object({ method: z.string(), sessionId: z.string().optional() });
const evaluationSchema = z.object({
  result: z.object({ value: z.unknown().optional() }),
  exceptionDetails: z.object({ text: z.string() }).optional(),
});

export interface Browser {
  /** Opens `url` in a new tab and evaluates `expression` there (awaiting a promise) once it loaded. */
  evaluateIn(url: string, expression: string): Promise<unknown>;
  close(): Promise<void>;
}

/** Headless Chromium driven over the DevTools protocol on one browser-level socket. */
export async function launchChromium(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), "oelala-chromium-"));
  const child = spawn(
    chromiumPath,
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--mute-audio",
      `--user-data-dir=${profile}`,
      "--remote-debugging-port=0",
      "about:blank",
    ],
    { stdio: ["ignore", "ignore", "pipe"], detached: true },
  );
  try {
    const socket = await connect(await devtoolsUrl(child));
    return browserOn(socket, child, profile);
  } catch (error) {
    await stopProcess(child);
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
}

function devtoolsUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stderr = "";
    const timer = setTimeout(() => reject(new Error(`Chromium did not start:\n${stderr}`)), 20_000);
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(stderr);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Chromium exited with ${code}:\n${stderr}`));
    });
  });
}

function connect(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    socket.once("open", () => resolve(socket));
    socket.once("error", reject);
  });
}

function browserOn(socket: WebSocket, child: ChildProcess, profile: string): Browser {
  let nextId = 0;
  const pending = new Map<
    number,
    { resolve: (v: Record<string, unknown>) => void; reject: (e: Error) => void }
  >();
  const eventWaiters: Array<{ method: string; sessionId: string; resolve: () => void }> = [];
  socket.on("message", (data: Buffer) => {
    const message: unknown = JSON.parse(data.toString());
    const event = eventSchema.safeParse(message);
    if (event.success) {
      const index = eventWaiters.findIndex(
        (w) => w.method === event.data.method && w.sessionId === event.data.sessionId,
      );
      if (index >= 0) eventWaiters.splice(index, 1)[0]?.resolve();
      return;
    }
    const parsed = responseSchema.safeParse(message);
    if (!parsed.success) return;
    const waiter = pending.get(parsed.data.id);
    pending.delete(parsed.data.id);
    if (parsed.data.error) waiter?.reject(new Error(parsed.data.error.message));
    else waiter?.resolve(parsed.data.result ?? {});
  });

  function send(method: string, params: object = {}, sessionId?: string): Promise<Record<string, unknown>> {
    nextId += 1;
    const id = nextId;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    });
  }

  return {
    async evaluateIn(url, expression) {
      const { targetId } = await send("Target.createTarget", { url: "about:blank" });
      const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
      const session = z.string().parse(sessionId);
      await send("Page.enable", {}, session);
      const loaded = new Promise<void>((resolve) =>
        eventWaiters.push({ method: "Page.loadEventFired", sessionId: session, resolve }),
      );
      const { errorText } = await send("Page.navigate", { url }, session);
      if (typeof errorText === "string") throw new Error(`Chromium could not open ${url}: ${errorText}`);
      await loaded;
      const evaluation = evaluationSchema.parse(
        await send("Runtime.evaluate", { expression, awaitPromise: true, returnByValue: true }, session),
      );
      if (evaluation.exceptionDetails)
        throw new Error(`page script threw: ${evaluation.exceptionDetails.text}`);
      return evaluation.result.value;
    },
    async close() {
      await send("Browser.close").catch(() => undefined);
      socket.terminate();
      await stopProcess(child);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Waits for Chromium to exit; its own process group is killed if it does not within 5 s. */
async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const timer = setTimeout(() => {
    if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
  }, 5_000);
  await exited;
  clearTimeout(timer);
}
