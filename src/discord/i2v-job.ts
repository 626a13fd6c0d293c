import type { JobRecord } from "../jobs/job.js";
import { type I2VJobInput, draftI2VJob } from "../jobs/new-job.js";
import type { BotContext } from "./context.js";
import { type JobInteraction, originOf, showInReply } from "./job-interaction.js";
import { startJob } from "./start-job.js";

export type { I2VJobInput } from "../jobs/new-job.js";

/**
 * The one image-to-video pipeline behind every surface: the core drafts the job (prepares the
 * picture, checks the parameters), then it is shown in the interaction's (already deferred) reply and
 * queued.
 */
export async function createI2VJob(
  ctx: BotContext,
  interaction: JobInteraction,
  input: I2VJobInput,
): Promise<JobRecord> {
  const draft = await draftI2VJob(input, ctx.config.sampling);
  return startJob(ctx, { origin: originOf(interaction), ...draft }, showInReply(interaction));
}
