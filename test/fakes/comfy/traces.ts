/** The recorded ws-*.json traces, and a compact "shape" of a frame sequence to compare runs with them. */
import { readFileSync } from "node:fs";
import { z } from "zod";
import type { Frame } from "./ws-recorder.js";

const recordedMessage = z.union([
  z.object({ binary: z.literal(true), decoded_event_type: z.number() }).loose(),
  z.object({ type: z.string(), data: z.record(z.string(), z.unknown()) }),
]);
const traceSchema = z.object({
  client_id: z.string(),
  prompt_id: z.string(),
  post_prompt: z.object({ request: z.object({ json: z.record(z.string(), z.unknown()) }).loose() }).loose(),
  messages: z.array(recordedMessage),
  client_events: z.array(z.object({ event: z.string(), message_index: z.number() }).loose()),
  observer: z
    .object({ messages: z.array(z.object({ msg: recordedMessage })) })
    .loose()
    .nullish(),
});

export interface Trace {
  clientId: string;
  promptId: string;
  /** The POST /prompt body that was sent. */
  body: Record<string, unknown>;
  frames: Frame[];
  observerFrames: Frame[] | undefined;
  clientEvents: Array<{ event: string; message_index: number }>;
}

const toFrame = (message: z.infer<typeof recordedMessage>): Frame =>
  "binary" in message
    ? { kind: "binary", event: message.decoded_event_type, bytes: Buffer.alloc(0) }
    : { kind: "json", type: message.type, data: message.data };

export function loadTrace(name: string): Trace {
  const url = new URL(`../../fixtures/comfyui/traces/${name}.json`, import.meta.url);
  const trace = traceSchema.parse(JSON.parse(readFileSync(url, "utf8")));
  return {
    clientId: trace.client_id,
    promptId: trace.prompt_id,
    body: trace.post_prompt.request.json,
    frames: trace.messages.map(toFrame),
    observerFrames: trace.observer?.messages.map((m) => toFrame(m.msg)),
    clientEvents: trace.client_events,
  };
}

/** One word per frame: the message type, with the distinctions the protocol cares about. */
export function token(frame: Frame): string {
  if (frame.kind === "binary") return `bin${frame.event}`;
  if (frame.type === "status") return "sid" in frame.data ? "status+sid" : "status";
  if (frame.type === "progress_state") return "ps";
  if (frame.type === "executing") {
    if (frame.data["node"] === null) return "done";
    return "prompt_id" in frame.data ? "executing" : "executing-bare";
  }
  return frame.type;
}

/** The token sequence; with `collapseSteps`, each run of sampler/VHS ticks becomes one "steps" word. */
export function shape(frames: Frame[], collapseSteps = false): string {
  const words = frames.map(token).join(" ");
  return collapseSteps ? words.replace(/(ps (bin4 )?progress( bin1)? ?)+/g, "steps ").trim() : words;
}
