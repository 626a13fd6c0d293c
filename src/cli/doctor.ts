import type { Dispatcher } from "undici";

import type { Config } from "../config.js";
import type { CheckGroup } from "../doctor/check.js";
import { checkDiscord } from "../doctor/discord.js";
import { checkLinks } from "../doctor/links.js";
import { exitCode, formatJson, formatText } from "../doctor/report.js";
import { inspectServer } from "../doctor/server.js";
import type { Logger } from "../logger.js";
import { parse, UsageError } from "./args.js";

export interface DoctorIo {
  /** Where the report goes; default stdout. */
  write?: (text: string) => void;
  dispatcher?: Dispatcher;
  /** Per request, ComfyUI and Discord alike; default 5 s. */
  timeoutMs?: number;
}

/** `doctor [--json] [--guild ID]`: checks every ComfyUI server and Discord; 1 when any check failed. */
export async function doctor(
  argv: string[],
  config: Config,
  logger: Logger,
  io: DoctorIo = {},
): Promise<number> {
  const { values } = parse(argv, { json: { type: "boolean" }, guild: { type: "string" } });
  if (values.guild !== undefined && !/^\d{17,20}$/.test(values.guild)) {
    throw new UsageError(`--guild wants a server id (17–20 digits), not "${values.guild}"`);
  }
  const timeoutMs = io.timeoutMs ?? 5_000;
  const onError = (error: unknown, what: string) =>
    logger.debug({ err: error, what }, "doctor: request failed");
  const groups: CheckGroup[] = await Promise.all([
    // Each server is checked against its own devices (COMFYUI_SERVERS may give a one-GPU box its own).
    ...config.servers.map((server) =>
      inspectServer(
        server.url,
        { models: config.models, devices: server.devices, sampling: config.sampling },
        { dispatcher: io.dispatcher, timeoutMs, onError },
      ),
    ),
    checkDiscord(config, { guildId: values.guild, timeoutMs, onError }),
    checkLinks(config),
  ]);
  const write = io.write ?? ((text: string) => void process.stdout.write(text));
  write(values.json ? formatJson(groups) : formatText(groups));
  return exitCode(groups);
}
