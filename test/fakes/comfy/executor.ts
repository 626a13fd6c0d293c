/** `PromptExecutor.execute_async` for one queue item: the recorded event timeline of PROTOCOL §5.6. */
import type { ObjectInfo } from "../../../src/comfy/object-info.js";
import { isExecutorLink } from "../../../src/workflow/validate-links.js";
import { planNode, type PlanContext } from "./behaviours.js";
import { inputSignatures, type IsChanged, type OutputCache } from "./cache.js";
import { ExecutionList } from "./execution-list.js";
import type { NodeFault } from "./index.js";
import { NodeFailure, previewJpeg } from "./outputs.js";
import type { HistoryEntry, QueueItem } from "./queue.js";
import type { RunningNode, SocketHub } from "./sockets.js";
import { PromptTimeline } from "./timeline.js";

export interface ExecutionControl {
  interrupted: boolean;
  readonly running: RunningNode;
  takeFault(nodeId: string): NodeFault | undefined;
  /** Called after every `progress` message (dropSockets counts them). */
  afterProgress(): void;
  /** Waits; rejects when the emulator restarts so the abandoned run goes silent. */
  sleep(ms: number): Promise<void>;
}

export interface ExecutionEnv {
  hub: SocketHub;
  objectInfo: ObjectInfo;
  cache: OutputCache;
  isChanged: IsChanged;
  plan: PlanContext;
  stepDelayMs: number;
  nodeDelayMs: number;
  previews: boolean;
  /** Read live, so a test can make the server faster or slower between runs. */
  timing: { classDelayMs: Record<string, number>; speed: number };
  control: ExecutionControl;
}

type Prompt = Record<string, { class_type: string; inputs: Record<string, unknown> }>;
type Stop = { kind: "interrupted" | "error"; nodeId: string; failure?: NodeFailure };

const OOM_TIPS =
  "This error means you ran out of memory on your GPU.\n\nTIPS: If the workflow worked before you might have accidentally set the batch_size to a large number.";
const TRACEBACK = [
  '  File "/srv/ComfyUI/execution.py", line 496, in execute\n    output_data, output_ui, has_subgraph, has_pending_tasks = await get_output_data(prompt_id, unique_id, obj, input_data_all, execution_block_cb=execution_block_cb, pre_execute_cb=pre_execute_cb, hidden_inputs=hidden_inputs)\n',
  '  File "/srv/ComfyUI/execution.py", line 315, in get_output_data\n    return_values = await _async_map_node_over_list(prompt_id, unique_id, obj, input_data_all, obj.FUNCTION, allow_interrupt=True, execution_block_cb=execution_block_cb, pre_execute_cb=pre_execute_cb, hidden_inputs=hidden_inputs)\n',
];

function faultFailure(nodeId: string, fault: NodeFault): NodeFailure {
  return new NodeFailure(
    fault.exceptionType ?? "RuntimeError",
    fault.message ?? `Simulated failure in node ${nodeId}`,
  );
}

/** `current_inputs`: primitives as they are, links as the `str()` of whatever flowed in. */
function currentInputs(prompt: Prompt, nodeId: string): Record<string, unknown[]> {
  const inputs = (prompt[nodeId] as Prompt[string]).inputs;
  return Object.fromEntries(
    Object.entries(inputs).map(([name, value]) => [
      name,
      [isExecutorLink(value) ? `<output ${value[1]} of node ${value[0]}>` : value],
    ]),
  );
}

type NodeRun = { stop: Stop } | { ui: Record<string, unknown> | undefined };

async function runNode(
  env: ExecutionEnv,
  t: PromptTimeline,
  prompt: Prompt,
  nodeId: string,
): Promise<NodeRun> {
  const { control } = env;
  t.started(nodeId);
  control.running.nodeId = nodeId;
  t.executing(nodeId);
  const speed = env.timing.speed;
  const classType = prompt[nodeId]?.class_type ?? "";
  await control.sleep((env.nodeDelayMs + (env.timing.classDelayMs[classType] ?? 0)) * speed);
  if (control.interrupted) return { stop: { kind: "interrupted", nodeId } };
  const fault = control.takeFault(nodeId);
  if (fault && fault.atStep === undefined)
    return { stop: { kind: "error", nodeId, failure: faultFailure(nodeId, fault) } };
  const plan = planNode(prompt, nodeId, env.plan);
  for (let tick = 1; tick <= plan.ticks; tick += 1) {
    await control.sleep(env.stepDelayMs * speed);
    if (fault?.atStep === tick)
      return { stop: { kind: "error", nodeId, failure: faultFailure(nodeId, fault) } };
    if (plan.failAt?.tick === tick) return { stop: { kind: "error", nodeId, failure: plan.failAt.failure } };
    if (control.interrupted) return { stop: { kind: "interrupted", nodeId } };
    t.progress(nodeId, tick, plan.ticks, plan.previews && env.previews ? previewJpeg : undefined);
    control.afterProgress();
  }
  if (fault) return { stop: { kind: "error", nodeId, failure: faultFailure(nodeId, fault) } };
  let output: Record<string, unknown> | undefined;
  try {
    output = plan.finish?.();
  } catch (error) {
    if (error instanceof NodeFailure) return { stop: { kind: "error", nodeId, failure: error } };
    throw error;
  }
  if (output) t.executed(nodeId, output);
  t.finished(nodeId);
  return { ui: output };
}

function reportStop(t: PromptTimeline, prompt: Prompt, stop: Stop, executed: string[]): void {
  const base = {
    prompt_id: t.promptId,
    node_id: stop.nodeId,
    node_type: prompt[stop.nodeId]?.class_type,
    executed,
  };
  if (stop.kind === "interrupted") return t.addMessage("execution_interrupted", base, true);
  const failure = stop.failure as NodeFailure;
  const oom = /OutOfMemoryError$/.test(failure.exceptionType);
  const cycle = failure.exceptionType === "graph.DependencyCycleError";
  t.addMessage(
    "execution_error",
    {
      ...base,
      exception_message: cycle ? failure.message : `${failure.message}\n${oom ? OOM_TIPS : ""}`,
      exception_type: failure.exceptionType,
      traceback: cycle ? [] : TRACEBACK,
      current_inputs: cycle ? [] : currentInputs(prompt, stop.nodeId),
      current_outputs: Object.keys(prompt).reverse(),
    },
    false,
  );
}

/** Runs one prompt; throws NodeNotFoundError (the worker dies) on a dangling link. */
export async function executePrompt(
  env: ExecutionEnv,
  item: QueueItem,
): Promise<Omit<HistoryEntry, "prompt">> {
  const prompt = item.prompt as Prompt;
  const clientId = typeof item.extraData["client_id"] === "string" ? item.extraData["client_id"] : undefined;
  const t = new PromptTimeline(env.hub, item.promptId, clientId);
  env.control.interrupted = false;
  env.control.running.clientId = clientId;
  t.addMessage("execution_start", { prompt_id: item.promptId }, false);

  const signatures = inputSignatures(prompt, env.isChanged);
  env.cache.retainOnly(signatures.values());
  const cachedEntry = (id: string) => env.cache.get(signatures.get(id));
  const cached = Object.keys(prompt).filter((id) => cachedEntry(id));
  t.addMessage("execution_cached", { nodes: cached, prompt_id: item.promptId }, false);

  const isOutput = (classType: string) => env.objectInfo[classType]?.output_node === true;
  const list = new ExecutionList(prompt, isOutput, (id) => cachedEntry(id) !== undefined);
  for (const output of item.outputs) list.addNode(output);

  const executed: string[] = [];
  const outputs: Record<string, unknown> = {};
  const meta: Record<string, unknown> = {};
  let stop: Stop | undefined;
  while (!list.isEmpty()) {
    const nodeId = list.next();
    if (nodeId === undefined) {
      const blamed = list.remaining()[0] as string;
      stop = {
        kind: "error",
        nodeId: blamed,
        failure: new NodeFailure("graph.DependencyCycleError", "Dependency cycle detected"),
      };
      break;
    }
    const hit = cachedEntry(nodeId);
    const run = hit ? { ui: hit.ui } : await runNode(env, t, prompt, nodeId);
    if ("stop" in run) {
      stop = run.stop;
      break;
    }
    const ui = run.ui;
    if (hit) {
      t.executed(nodeId, ui ?? null);
      t.finished(nodeId);
    } else {
      executed.push(nodeId);
      env.cache.set(signatures.get(nodeId) as string, { ui });
    }
    if (ui) {
      outputs[nodeId] = ui;
      meta[nodeId] = { node_id: nodeId, display_node: nodeId, parent_node: null, real_node_id: nodeId };
    }
    list.complete(nodeId);
  }
  if (stop) reportStop(t, prompt, stop, executed);
  else t.addMessage("execution_success", { prompt_id: item.promptId }, false);
  env.control.running.nodeId = undefined;
  const success = stop === undefined;
  return {
    outputs,
    status: { status_str: success ? "success" : "error", completed: success, messages: t.messages },
    meta,
  };
}
