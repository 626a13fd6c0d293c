/** What the bot knows about its own readiness; built by the composition root on each request. */
export interface HealthReport {
  /** The Discord gateway session is ready (the client emitted `ready` and is not reconnecting). */
  discordReady: boolean;
  /** Every configured ComfyUI server and whether it is reachable now. */
  comfyServers: readonly { server: string; up: boolean }[];
  /** Jobs waiting in the bot's queue. */
  queueDepth?: number;
  /** Jobs on a ComfyUI server right now. */
  runningJobs?: number;
}

export interface HealthBody {
  status: "ok" | "not_ready";
  discord: "ready" | "not_ready" | "unknown";
  /** Counts only: this answer may be public (the link server shares the port), server names are not. */
  comfy?: { up: number; total: number };
  queueDepth?: number;
  runningJobs?: number;
  problems: string[];
}

/** 200 when the bot can take and run a job: Discord is ready and at least one ComfyUI server is up. */
export function judgeHealth(report: HealthReport): { httpStatus: 200 | 503; body: HealthBody } {
  const up = report.comfyServers.filter((s) => s.up).length;
  const problems: string[] = [];
  if (!report.discordReady) problems.push("the Discord gateway is not ready");
  if (up === 0) problems.push("no ComfyUI server is up");
  const body: HealthBody = {
    status: problems.length === 0 ? "ok" : "not_ready",
    discord: report.discordReady ? "ready" : "not_ready",
    comfy: { up, total: report.comfyServers.length },
    ...(report.queueDepth !== undefined ? { queueDepth: report.queueDepth } : {}),
    ...(report.runningJobs !== undefined ? { runningJobs: report.runningJobs } : {}),
    problems,
  };
  return { httpStatus: problems.length === 0 ? 200 : 503, body };
}

/** The answer when the report itself could not be made (it threw or took too long). */
export function unknownHealth(problem: string): { httpStatus: 503; body: HealthBody } {
  return {
    httpStatus: 503,
    body: { status: "not_ready", discord: "unknown", problems: [problem] },
  };
}
