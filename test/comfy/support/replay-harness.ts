import type { MockAgent } from "undici";

import { type ComfyClient, type ComfyClientOptions, createComfyClient } from "../../../src/comfy/client.js";
import type { PromptEvent } from "../../../src/comfy/events.js";
import { createLogger } from "../../../src/logger.js";
import { createMockAgent, requestLog } from "./mock-http.js";
import {
  isBinaryRecord,
  type JsonRecord,
  loadTrace,
  synthesizeBinary,
  type Trace,
  type TraceName,
} from "./traces.js";
import { startWsServer, type ServerConnection, type WsTestServer } from "./ws-server.js";

type Message = Trace["messages"][number];

export function send(connection: ServerConnection, messages: Message[]): void {
  for (const message of messages) {
    connection.ws.send(isBinaryRecord(message) ? synthesizeBinary(message) : JSON.stringify(message));
  }
}

/** What the server would have stored in /history for a trace, rebuilt from its frames. */
export function historyFor(trace: Trace, extraOutputs: Record<string, object> = {}): object {
  const json = trace.messages.filter((m): m is JsonRecord => !isBinaryRecord(m));
  const data = (m: JsonRecord) => m.data as Record<string, unknown>;
  const outputs = Object.fromEntries(
    json.filter((m) => m.type === "executed").map((m) => [String(data(m)["node"]), data(m)["output"]]),
  );
  const messages = json
    .filter((m) => m.type.startsWith("execution_") && data(m)["prompt_id"] === trace.prompt_id)
    .map((m) => [m.type, m.data]);
  // Without client_id (ws-no-client-id) no execution_* frame was recorded; that run succeeded.
  const last = messages.at(-1)?.[0] ?? "execution_success";
  return {
    prompt: [
      1,
      trace.prompt_id,
      trace.post_prompt.request.json.prompt,
      { client_id: trace.client_id },
      ["5"],
    ],
    outputs: { ...outputs, ...extraOutputs },
    status: {
      status_str: last === "execution_success" ? "success" : "error",
      completed: last === "execution_success",
      messages,
    },
    meta: {},
  };
}

/** Number of leading frames the server sends on connect (status with sid, and the feature-flag reply). */
export function greetingLength(trace: Trace): number {
  const second = trace.messages[1];
  return second && !isBinaryRecord(second) && second.type === "feature_flags" ? 2 : 1;
}

export interface Harness {
  trace: Trace;
  server: WsTestServer;
  agent: MockAgent;
  client: ComfyClient;
  events: PromptEvent[];
  requests: ReturnType<typeof requestLog>["seen"];
  state: {
    running: string[];
    pending: string[];
    history: Map<string, object>;
    /** How many /history reads answer `{}` before the entry shows up. */
    historyMisses: number;
    objectInfoCalls: number;
  };
  /** Called when the client POSTs /prompt, with the connection the prompt's frames go to. */
  onPost: (connection: ServerConnection) => void;
  close(): Promise<void>;
}

export async function startHarness(
  name: TraceName,
  options: Partial<ComfyClientOptions> = {},
): Promise<Harness> {
  const trace = loadTrace(name);
  const server = await startWsServer();
  const agent = createMockAgent();
  const log = requestLog();
  const greeting = greetingLength(trace);
  server.onConnection((connection) => {
    const greet = trace.messages
      .slice(0, greeting)
      .map((m) =>
        !isBinaryRecord(m) && m.type === "status"
          ? { ...m, data: { ...(m.data as object), sid: trace.client_id } }
          : m,
      );
    send(connection, greet);
  });
  const harness: Harness = {
    trace,
    server,
    agent,
    client: createComfyClient({
      baseUrl: server.baseUrl,
      clientId: trace.client_id,
      logger: createLogger({ level: "silent", pretty: false }),
      dispatcher: agent,
      historyRetry: { attempts: 3, delayMs: 5 },
      reconnect: { initialMs: 5, maxMs: 20 },
      connectTimeoutMs: 2_000,
      ...options,
    }),
    events: [],
    requests: log.seen,
    state: { running: [], pending: [], history: new Map(), historyMisses: 0, objectInfoCalls: 0 },
    onPost: (connection) => setImmediate(() => send(connection, trace.messages.slice(greeting))),
    async close() {
      await harness.client.close();
      await agent.close();
      await server.close();
    },
  };
  const pool = agent.get(server.baseUrl);
  const latest = () => server.connections.at(-1);
  pool
    .intercept({ path: "/prompt", method: "POST" })
    .reply((opts) => {
      log.record(opts);
      const connection = latest();
      if (connection) harness.onPost(connection);
      return { statusCode: 200, data: trace.post_prompt.response.json as object };
    })
    .persist();
  pool
    .intercept({ path: "/queue", method: "GET" })
    .reply((opts) => {
      log.record(opts);
      const item = (id: string, n: number) => [n, id, {}, { client_id: trace.client_id }, ["5"]];
      const { running, pending } = harness.state;
      return {
        statusCode: 200,
        data: { queue_running: running.map(item), queue_pending: pending.map(item) },
      };
    })
    .persist();
  pool
    .intercept({ path: (p) => p.startsWith("/history/"), method: "GET" })
    .reply((opts) => {
      log.record(opts);
      const id = decodeURIComponent(opts.path.slice("/history/".length));
      const entry = harness.state.history.get(id);
      if (!entry || harness.state.historyMisses > 0) {
        harness.state.historyMisses = Math.max(0, harness.state.historyMisses - 1);
        return { statusCode: 200, data: {} };
      }
      return { statusCode: 200, data: { [id]: entry } };
    })
    .persist();
  pool
    .intercept({ path: (p) => p === "/interrupt" || p === "/queue", method: "POST" })
    .reply((opts) => {
      log.record(opts);
      return { statusCode: 200, data: "" };
    })
    .persist();
  pool
    .intercept({ path: "/object_info", method: "GET" })
    .reply((opts) => {
      log.record(opts);
      harness.state.objectInfoCalls += 1;
      return { statusCode: 200, data: {} };
    })
    .persist();
  return harness;
}
