import { randomUUID } from "node:crypto";
import { readFile, rm } from "node:fs/promises";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Config } from "../config.js";
import { createComfyClient } from "../comfy/client.js";
import type { ObjectInfo } from "../comfy/object-info.js";
import { UserError } from "../errors.js";
import type { JobRequest } from "../jobs/job.js";
import { type JobDraft, draftI2VJob } from "../jobs/new-job.js";
import type { Logger } from "../logger.js";
import { createLoraCatalog } from "../loras/catalog.js";
import type { BuildSettings } from "../workflow/build.js";
import { buildCheckedI2VPrompt } from "../workflow/checked-build.js";
import { loraNames } from "../workflow/known-problems.js";
import { offlineObjectInfo } from "../workflow/offline-specs.js";
import { ASPECTS, RESOLUTION_TIERS, type Aspect, type ResolutionTier } from "../workflow/resolution.js";
import { planForServer } from "../workflow/server-plan.js";
import { UsageError, numberArg, parse } from "./args.js";
import { renderJob } from "./render-job.js";

const options = {
  image: { type: "string" },
  prompt: { type: "string" },
  negative: { type: "string" },
  lora: { type: "string" },
  "lora-high": { type: "string" },
  "lora-low": { type: "string" },
  "lora-strength": { type: "string" },
  duration: { type: "string" },
  aspect: { type: "string" },
  resolution: { type: "string" },
  fit: { type: "string" },
  steps: { type: "string" },
  cfg: { type: "string" },
  seed: { type: "string" },
  fps: { type: "string" },
  out: { type: "string" },
  comfy: { type: "string" },
  "dry-run": { type: "boolean" },
} as const;

export const renderUsage =
  "render --image F --prompt T [--lora NAME | --lora-high F --lora-low F] [--lora-strength S] [--duration S] [--aspect auto|16:9|…] [--resolution 480p|576p|720p] [--negative T] [--steps N] [--cfg X] [--seed N] [--out F.mp4] [--comfy URL] [--dry-run]";

function oneOf<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${name} must be one of ${allowed.join(", ")} (got "${value}")`);
}

/** The whole pipeline without Discord: intake, build, validate, queue, progress bar, the mp4 on disk. */
export async function render(argv: string[], config: Config, logger: Logger): Promise<void> {
  const { values: v } = parse(argv, options);
  if (!v.image) throw new UsageError("--image is required");
  if (!v.prompt) throw new UsageError("--prompt is required");
  const aspect = oneOf<Aspect | "auto">("aspect", v.aspect, ["auto", ...ASPECTS], "auto");
  const resolution = oneOf<ResolutionTier>("resolution", v.resolution, RESOLUTION_TIERS, "480p");
  const fit = oneOf("fit", v.fit, ["cover", "pad"] as const, "cover");
  if (v.comfy !== undefined && !URL.canParse(v.comfy)) {
    throw new UsageError(
      `--comfy wants the address of a ComfyUI server, like --comfy http://127.0.0.1:8188, not "${v.comfy}"`,
    );
  }
  if (v.comfy !== undefined && !/^https?:$/.test(new URL(v.comfy).protocol)) {
    throw new UsageError(
      `--comfy wants an http:// or https:// address, like http://127.0.0.1:8188, not "${v.comfy}"`,
    );
  }
  const comfyUrl = v.comfy ?? (v["dry-run"] ? undefined : config.comfyUrls[0]);
  // A configured server keeps its own devices (COMFYUI_SERVERS); any other URL gets the global ones.
  const devices =
    config.servers.find((s) => s.url === comfyUrl?.replace(/\/+$/, ""))?.devices ?? config.devices;
  const settings = { models: config.models, devices, sampling: config.sampling };

  const bytes = await readImage(v.image);
  const client = comfyUrl
    ? createComfyClient({ baseUrl: comfyUrl, clientId: randomUUID(), logger })
    : undefined;
  try {
    const info = client ? await client.objectInfo() : undefined;
    const lora = await resolveLora(v, info ? loraNames(info) : undefined);
    // The same draft as /i2v and Animate: the picture prepared, the parameters checked, one sentence each.
    const draft = await draftI2VJob(
      {
        bytes,
        prompt: v.prompt,
        negative: v.negative,
        lora: lora ? { ...lora, strength: numberArg(v["lora-strength"]) ?? 1 } : undefined,
        durationSeconds: numberArg(v.duration),
        aspect,
        resolution,
        fit,
        steps: numberArg(v.steps),
        cfg: numberArg(v.cfg),
        seed: numberArg(v.seed),
        fps: numberArg(v.fps),
      },
      config.sampling,
    );

    if (v["dry-run"]) {
      const files = [lora?.high, lora?.low].filter((n): n is string => !!n);
      printCheckedPrompt(draft.params, settings, info ?? offlineObjectInfo(settings, files), !info);
      return;
    }

    if (!client) throw new UsageError("no ComfyUI URL");
    const work = mkdtempSync(join(tmpdir(), "oelala-render-"));
    try {
      const path = await renderJob(draft, {
        client,
        server: comfyUrl!,
        settings,
        limits: config.jobs,
        work,
        out: resolve(v.out ?? `oelala-${draft.params.seed}.mp4`),
        logger,
      });
      process.stdout.write(`${path}\n`);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  } finally {
    await client?.close();
  }
}

async function readImage(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new UserError("error.IMAGE_UNREADABLE", {
      path,
      reason: (error as NodeJS.ErrnoException).code ?? "error",
    });
  }
}

/** `--dry-run`: the prompt the bot would queue, checked as the bot checks it, on stdout. */
function printCheckedPrompt(
  params: JobDraft["params"],
  settings: BuildSettings,
  info: ObjectInfo,
  offline: boolean,
): void {
  const plan = planForServer(info, settings);
  const built = buildCheckedI2VPrompt(
    { ...params, image: "oelala-render.png" },
    settings,
    plan.options,
    info,
  );
  for (const note of plan.notes) process.stderr.write(`note: ${note}\n`);
  if (offline)
    process.stderr.write(
      "note: checked offline against the bundled node specs; model files were not checked\n",
    );
  process.stdout.write(`${JSON.stringify(built.prompt, null, 2)}\n`);
}

async function resolveLora(
  v: { lora?: string | undefined; "lora-high"?: string | undefined; "lora-low"?: string | undefined },
  listed: string[] | undefined,
): Promise<Omit<NonNullable<JobRequest["lora"]>, "strength"> | undefined> {
  if (v.lora && (v["lora-high"] || v["lora-low"]))
    throw new UsageError("use --lora or --lora-high/--lora-low, not both");
  if (v["lora-high"] || v["lora-low"]) {
    const label = [v["lora-high"], v["lora-low"]].filter(Boolean).join(" + ");
    return { label, high: v["lora-high"], low: v["lora-low"] };
  }
  if (!v.lora) return undefined;
  // Offline, the given name is taken as a file name; with a server, it is looked up like autocomplete does.
  const catalog = createLoraCatalog({ list: async () => listed ?? [v.lora!], refreshMs: 0 });
  await catalog.refresh();
  const entry = catalog.resolve(v.lora);
  catalog.close();
  if (!entry) throw new UserError("error.LORA_UNKNOWN", {}, { detail: `(${v.lora})` });
  return { label: entry.name, high: entry.high, low: entry.low };
}
