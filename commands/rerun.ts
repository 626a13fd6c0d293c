import type { ButtonInteraction } from "discord.js";
import type { ComponentHandler, HandlerContext } from "../src/discord/command.js";
import { assertCanDeliver } from "../src/discord/app-permissions.js";
import { originOf, showInReply } from "../src/discord/job-interaction.js";
import { startJob } from "../src/discord/start-job.js";
import { mayManageJob } from "../src/access/policy.js";
import type { JobRecord } from "../src/jobs/job.js";
import { UserError } from "../src/errors.js";
import { draftRerun } from "../src/jobs/new-job.js";

/**
 * The button must be pressed by the job's owner (or an admin whose reach covers it), on a finished job,
 * on the very message that carries that job's result: a custom id copied onto another message, or one
 * made up for a running job, is refused.
 */
function refuseUnlessMine(job: JobRecord, pressedOn: string, ctx: HandlerContext): void {
  if (!mayManageJob(ctx.access.policy, ctx.caller, job.origin)) throw new UserError("error.NOT_YOURS", {});
  if (job.state !== "done" || job.resultMessageId === undefined) {
    throw new UserError("error.NOT_FINISHED", {});
  }
  if (job.resultMessageId !== pressedOn) throw new UserError("error.NOT_YOURS", {});
}

/**
 * Reroll (a new seed) and Again (the same settings): the button's custom id carries the job id, and
 * everything else comes from the store, so both keep working after a restart.
 */
async function rerun(interaction: ButtonInteraction, jobId: string, ctx: HandlerContext, newSeed: boolean) {
  assertCanDeliver(interaction);
  const earlier = await ctx.jobs.find(jobId);
  if (!earlier) throw new UserError("error.JOB_GONE", {});
  refuseUnlessMine(earlier, interaction.message.id, ctx);
  const draft = await draftRerun(earlier, newSeed);
  if (!draft) throw new UserError("error.JOB_GONE", {});
  await startJob(ctx, { origin: originOf(interaction), ...draft }, showInReply(interaction));
}

export const rerollButton: ComponentHandler = {
  prefix: "reroll",
  defer: "public",
  access: "generate",
  handleButton: (interaction, [jobId = ""], ctx) => rerun(interaction, jobId, ctx, true),
};

export const againButton: ComponentHandler = {
  prefix: "again",
  defer: "public",
  access: "generate",
  handleButton: (interaction, [jobId = ""], ctx) => rerun(interaction, jobId, ctx, false),
};
