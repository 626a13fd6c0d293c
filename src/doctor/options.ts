import type { ObjectInfo } from "../comfy/object-info.js";
import type { BuildSettings } from "../workflow/build.js";
import { comboStrings } from "../workflow/server-plan.js";
import { andList, fail, pass, type CheckLine } from "./check.js";

/** The sampler, scheduler and text-encoder type from the settings must be options of this server. */
export function checkOptions(info: ObjectInfo, { models, sampling }: BuildSettings): CheckLine[] {
  const settings = [
    { env: "SAMPLER", value: sampling.sampler, classType: "KSamplerAdvanced", input: "sampler_name" },
    { env: "SCHEDULER", value: sampling.scheduler, classType: "KSamplerAdvanced", input: "scheduler" },
    {
      env: "TEXT_ENCODER_TYPE",
      value: models.textEncoderType,
      classType: "CLIPLoaderDisTorch2MultiGPU",
      input: "type",
    },
  ];
  const lines: CheckLine[] = [];
  const accepted: string[] = [];
  for (const { env, value, classType, input } of settings) {
    const allowed = comboStrings(info, classType, input);
    // A missing class is reported by the node-class check.
    if (!allowed) continue;
    if (allowed.includes(value)) accepted.push(`${env}=${value}`);
    else
      lines.push(
        fail(
          `${env}=${value} is not an option of this server`,
          `set ${env} to one of: ${allowed.join(", ")}`,
        ),
      );
  }
  if (accepted.length > 0) lines.unshift(pass(`settings accepted: ${andList(accepted)}`));
  return lines;
}
