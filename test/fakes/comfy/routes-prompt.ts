/** `/prompt`, `/queue`, `/interrupt`, `/history` and `/free`, as server.py answers them. */
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { validatePrompt } from "../../../src/workflow/validate.js";
import type { ApiPrompt } from "../../../src/comfy/prompt.js";
import { pyFloat, pyInt, pyRepr } from "../../../src/workflow/validate-python.js";
import { empty, internalError, json, requestJson, type Reply, type Request } from "./http.js";
import { queueTuple } from "./queue.js";
import { annotatedPath, type Persistent, type Runtime } from "./runtime.js";

const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

function problem(type: string, message: string, details: string): Reply {
  return json({ error: { type, message, details, extra_info: {} }, node_errors: {} }, 400);
}

function postPrompt(p: Persistent, rt: Runtime, request: Request): Reply {
  const record: Persistent["prompts"][number] = {
    body: request.body.toString("utf8"),
    status: 500,
    receivedAt: Date.now(),
  };
  p.prompts.push(record);
  const body = requestJson(request);
  record.body = body;
  if (Array.isArray(body)) {
    record.status = 400;
    return problem("no_prompt", "No prompt provided", "No prompt provided");
  }
  if (!isRecord(body)) return internalError();

  let number: number;
  if ("number" in body) {
    const parsed = pyFloat(body["number"]);
    if (!parsed.ok) return internalError();
    number = parsed.value;
  } else {
    number = body["front"] ? -rt.number : rt.number;
    rt.number += 1;
  }
  record.status = 400;
  if (!("prompt" in body)) return problem("no_prompt", "No prompt provided", "No prompt provided");
  const givenId = body["prompt_id"];
  if (
    givenId !== undefined &&
    givenId !== null &&
    (typeof givenId !== "string" || !CANONICAL_UUID.test(givenId))
  ) {
    const details = `prompt_id must be a canonical lowercase UUID string, got ${pyRepr(givenId)}`;
    return problem("invalid_prompt_id", "Invalid prompt_id", details);
  }
  const promptId = typeof givenId === "string" ? givenId : randomUUID();
  record.promptId = promptId;
  const prompt = body["prompt"];
  if (!isRecord(prompt)) {
    record.status = 500;
    return internalError();
  }
  const targets = body["partial_execution_targets"];
  const result = validatePrompt(prompt as ApiPrompt, p.objectInfo, {
    fileExists: (name) => existsSync(annotatedPath(p.dirs, name)),
    partialExecutionTargets: Array.isArray(targets) ? targets.map(String) : undefined,
  });
  const extraData: Record<string, unknown> = isRecord(body["extra_data"]) ? { ...body["extra_data"] } : {};
  if ("client_id" in body) extraData["client_id"] = body["client_id"];
  if (!result.ok) return json({ error: result.error, node_errors: result.node_errors }, 400);
  record.status = 200;
  rt.queue.put({ number, promptId, prompt: result.prompt, extraData, outputs: result.outputs });
  return json({ prompt_id: promptId, number, node_errors: result.node_errors });
}

function postQueue(rt: Runtime, request: Request): Reply {
  const body = requestJson(request);
  if (isRecord(body)) {
    if (body["clear"]) rt.queue.wipe();
    if (Array.isArray(body["delete"])) for (const id of body["delete"]) rt.queue.delete(String(id));
  }
  return empty();
}

function postInterrupt(rt: Runtime, request: Request): Reply {
  let body: unknown = {};
  try {
    body = requestJson(request);
  } catch {
    // ComfyUI treats a missing or malformed body as {}.
  }
  const target = isRecord(body) ? body["prompt_id"] : undefined;
  if (!target || rt.queue.running?.promptId === target) rt.control.interrupted = true;
  return empty();
}

function getHistory(rt: Runtime, request: Request): Reply {
  const maxText = request.query.get("max_items");
  const offsetText = request.query.get("offset");
  const max = maxText === null ? undefined : pyInt(maxText);
  const offset = offsetText === null ? { ok: true as const, value: -1 } : pyInt(offsetText);
  if ((max && !max.ok) || !offset.ok) return internalError();
  return json(rt.queue.historySlice(max?.ok ? max.value : undefined, offset.value));
}

function postHistory(rt: Runtime, request: Request): Reply {
  const body = requestJson(request);
  if (isRecord(body)) {
    if (body["clear"]) rt.queue.history.clear();
    if (Array.isArray(body["delete"])) for (const id of body["delete"]) rt.queue.history.delete(String(id));
  }
  return empty();
}

function postFree(rt: Runtime, request: Request): Reply {
  const body = requestJson(request);
  if (isRecord(body) && body["free_memory"]) rt.cache.clear();
  return empty();
}

/** Handles the queue-side routes; undefined when the path is not one of them. */
export function promptRoutes(p: Persistent, rt: Runtime, request: Request): Reply | undefined {
  const { method, path } = request;
  const key = `${method} ${path}`;
  if (key === "POST /prompt") return postPrompt(p, rt, request);
  if (key === "GET /prompt") return json({ exec_info: { queue_remaining: rt.queue.remaining } });
  if (key === "GET /queue") {
    const running = rt.queue.running ? [queueTuple(rt.queue.running)] : [];
    return json({ queue_running: running, queue_pending: rt.queue.pending.map(queueTuple) });
  }
  if (key === "POST /queue") return postQueue(rt, request);
  if (key === "POST /interrupt") return postInterrupt(rt, request);
  if (key === "GET /history") return getHistory(rt, request);
  if (key === "POST /history") return postHistory(rt, request);
  if (key === "POST /free") return postFree(rt, request);
  if (method === "GET" && path.startsWith("/history/")) {
    const id = decodeURIComponent(path.slice("/history/".length));
    const entry = rt.queue.history.get(id);
    return json(entry ? { [id]: entry } : {});
  }
  return undefined;
}
