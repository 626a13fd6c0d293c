/**
 * The floor: the least a bot can do to acknowledge. Plain `ws` on the gateway and one undici keep-alive
 * Agent that POSTs a deferred callback for every INTERACTION_CREATE; nothing else. Prints "ready".
 * argv: API URL (…/api), gateway URL, token.
 */
import { Agent, request } from "undici";
import { WebSocket } from "ws";
import { z } from "zod";

const [apiUrl, gatewayUrl, token] = z
  .tuple([z.string().url(), z.string().url(), z.string().min(1)])
  .parse(process.argv.slice(2));
const agent = new Agent({ keepAliveTimeout: 60_000, keepAliveMaxTimeout: 600_000, connections: null });
const frameSchema = z.looseObject({
  op: z.number(),
  t: z.string().nullable().optional(),
  s: z.number().nullable().optional(),
  d: z.unknown(),
});
const interactionSchema = z.looseObject({ id: z.string(), token: z.string() });
const deferred = JSON.stringify({ type: 5, data: { flags: 0 } });

let seq: number | null = null;
const socket = new WebSocket(`${gatewayUrl}?v=10&encoding=json`);
socket.on("message", (raw: Buffer) => {
  const frame = frameSchema.parse(JSON.parse(raw.toString()));
  if (typeof frame.s === "number") seq = frame.s;
  if (frame.op === 10) {
    const { heartbeat_interval } = z.object({ heartbeat_interval: z.number() }).parse(frame.d);
    setInterval(() => socket.send(JSON.stringify({ op: 1, d: seq })), heartbeat_interval).unref();
    socket.send(
      JSON.stringify({
        op: 2,
        d: { token, intents: 1, properties: { os: "linux", browser: "floor", device: "floor" } },
      }),
    );
  } else if (frame.op === 0 && frame.t === "READY") {
    process.stdout.write("ready\n");
  } else if (frame.op === 0 && frame.t === "INTERACTION_CREATE") {
    const { id, token: interactionToken } = interactionSchema.parse(frame.d);
    void request(`${apiUrl}/v10/interactions/${id}/${interactionToken}/callback`, {
      method: "POST",
      dispatcher: agent,
      headers: { "content-type": "application/json" },
      body: deferred,
    }).then((response) => response.body.dump());
  }
});
socket.on("close", () => process.exit(0));
