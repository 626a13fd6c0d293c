import type { ComfyError } from "../../../src/comfy/errors.js";
import type { PromptEvent } from "../../../src/comfy/events.js";
import { parseBinaryFrame } from "../../../src/comfy/binary-frames.js";
import { parseTextFrame } from "../../../src/comfy/frames.js";
import type { PromptTracker, TrackerSignal } from "../../../src/comfy/tracker.js";
import { isBinaryRecord, synthesizeBinary as synthesize, type Trace } from "./traces.js";

/** Feeds every recorded message of a trace through the parsers into a tracker. */
export function replayIntoTracker(trace: Trace, tracker: PromptTracker) {
  const events: PromptEvent[] = [];
  const signals: TrackerSignal[] = [];
  for (const message of trace.messages) {
    if (isBinaryRecord(message)) {
      const parsed = parseBinaryFrame(synthesize(message));
      if (parsed.kind !== "preview") continue;
      const event = tracker.handlePreview(parsed);
      if (event) events.push(event);
      continue;
    }
    const parsed = parseTextFrame(JSON.stringify(message));
    if (parsed.kind !== "json") continue;
    const step = tracker.handleFrame(parsed.frame);
    events.push(...step.events);
    if (step.signal) signals.push(step.signal);
  }
  return { events, signals, errors: signals.filter((s): s is ComfyError => typeof s !== "string") };
}
