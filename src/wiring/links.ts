import { join } from "node:path";
import type { Config } from "../config.js";
import type { JobRecord } from "../jobs/job.js";
import { createLinkRegistry } from "../links/registry.js";
import { startLinkServer } from "../links/server.js";
import type { Logger } from "../logger.js";
import type { Teardown } from "../startup/teardown.js";
import type { LinkTable } from "../store/contract.js";

/** Download links for videos too big to upload: the registry and its server, when PUBLIC_BASE_URL is set. */
export async function wireLinks(
  config: Config,
  deps: { logger: Logger; now: () => number; links: LinkTable; dataDir: string },
  started: Teardown,
) {
  const { logger, now } = deps;
  const links = config.publicBaseUrl
    ? createLinkRegistry({
        store: deps.links,
        now,
        ttlMs: config.links.ttlMs,
        publicBaseUrl: config.publicBaseUrl,
        videoDir: join(deps.dataDir, "videos"),
      })
    : undefined;
  if (!links) {
    logger.warn(
      "no link server (PUBLIC_BASE_URL is not set): a video too big for a channel's upload limit, even compact, cannot be delivered",
    );
    return { linkServer: undefined, linkFor: async () => undefined };
  }
  const linkServer = await startLinkServer({
    registry: links,
    host: config.links.host,
    port: config.links.port,
    logger,
    now,
  });
  started.add(() => linkServer.close());
  /** The page that serves a finished job's video. */
  const linkFor = async (job: JobRecord): Promise<string | undefined> => {
    if (!job.result) return undefined;
    const meta = {
      title: job.request.prompt.slice(0, 200),
      width: job.result.width,
      height: job.result.height,
      durationSeconds: job.params.durationSeconds,
    };
    return (await links.issue(job.result.videoPath, meta)).pageUrl;
  };
  return { linkServer, linkFor };
}
