/**
 * What each `/i2v` a user sent came to, read only from what Discord shows: a result message (the one with
 * Reroll), a failure ping replying to the job's message, or a private refusal. A job is lost when it got
 * neither a result nor a failure, duplicated when it got more than one of them.
 */
import type { FakeMessage, RecordedRequest } from "../fakes/discord/index.js";

export type Outcome = "pending" | "delivered" | "failed" | "refused" | "duplicated";

export interface Tally {
  outcomes: Map<string, Outcome>;
  delivered: number;
  failed: number;
  refused: number;
  duplicated: number;
  /** Not finished (yet): at the end of a soak these are the lost jobs. */
  pending: number;
}

const ephemeral = 1 << 6;

function customIds(message: FakeMessage, prefix: string): string[] {
  const revisions = [message.components, ...message.edits.map((e) => e.components)];
  const pattern = new RegExp(`"custom_id":"${prefix}:([^"]+)"`, "g");
  return [...new Set(revisions.flatMap((c) => [...JSON.stringify(c).matchAll(pattern)].map((m) => m[1]!)))];
}

interface FailurePing {
  content?: unknown;
  message_reference?: { message_id?: unknown };
}

/** Job message id → how many failure pings replied to it (2xx channel posts that say "could not be made"). */
function failurePings(requests: readonly RecordedRequest[]): Map<string, number> {
  const pings = new Map<string, number>();
  for (const request of requests) {
    if (request.method !== "POST" || !/^\/channels\/\d+\/messages$/.test(request.path)) continue;
    if (request.status < 200 || request.status >= 300) continue;
    const body = request.body as FailurePing | undefined;
    const replyTo = body?.message_reference?.message_id;
    if (typeof replyTo !== "string" || !String(body?.content).includes("could not be made")) continue;
    pings.set(replyTo, (pings.get(replyTo) ?? 0) + 1);
  }
  return pings;
}

/** Classifies every interaction in `interactionIds` from the messages and requests the fake recorded. */
export function tallyOutcomes(
  interactionIds: readonly string[],
  messages: readonly FakeMessage[],
  requests: readonly RecordedRequest[],
): Tally {
  const jobMessages = new Map<string, FakeMessage>();
  const refusals = new Set<string>();
  const results = new Map<string, number>();
  for (const message of messages) {
    if (message.deleted) continue;
    if (message.interactionId && (message.flags & ephemeral) === 0)
      jobMessages.set(message.interactionId, message);
    if (message.interactionId && (message.flags & ephemeral) !== 0 && message.content !== "")
      refusals.add(message.interactionId);
    for (const jobId of customIds(message, "reroll")) results.set(jobId, (results.get(jobId) ?? 0) + 1);
  }
  const pings = failurePings(requests);
  const tally: Tally = {
    outcomes: new Map(),
    delivered: 0,
    failed: 0,
    refused: 0,
    duplicated: 0,
    pending: 0,
  };
  for (const id of interactionIds) {
    const message = jobMessages.get(id);
    const jobId = message ? customIds(message, "cancel")[0] : undefined;
    const delivered = jobId ? (results.get(jobId) ?? 0) : 0;
    const failed = message ? (pings.get(message.id) ?? 0) : 0;
    let outcome: Outcome;
    if (delivered + failed > 1) outcome = "duplicated";
    else if (delivered === 1) outcome = "delivered";
    else if (failed === 1) outcome = "failed";
    else if (!jobId && refusals.has(id)) outcome = "refused";
    else outcome = "pending";
    tally.outcomes.set(id, outcome);
    tally[outcome] += 1;
  }
  return tally;
}
