import type { ComponentHandler, HandlerContext } from "../src/discord/command.js";
import { continueModal, continuePrefix, parseContinueArgs } from "../src/discord/continue-modal.js";
import { readAnimateFields } from "../src/discord/animate-modal.js";
import { originOf, showInReply } from "../src/discord/job-interaction.js";
import { messageUrl } from "../src/discord/job-embeds.js";
import { startJob } from "../src/discord/start-job.js";
import { UserError } from "../src/errors.js";
import { localeOf } from "../src/i18n/locale.js";
import type { JobRecord } from "../src/jobs/job.js";
import { draftContinuation } from "../src/jobs/new-job.js";

const gone = () => new UserError("error.CONTINUE_GONE", {});

const notYours = () => new UserError("error.CONTINUE_NOT_YOURS", {});

/** A finished job whose last frame is still on disk. */
export async function continuableJob(
  ctx: HandlerContext,
  jobId: string,
): Promise<JobRecord & { result: { lastFramePath: string } }> {
  const earlier = await ctx.jobs.find(jobId);
  // "delivering": the result message is posted a moment before the job is stored as done.
  const finished = earlier?.state === "done" || earlier?.state === "delivering";
  const path = finished ? earlier?.result?.lastFramePath : undefined;
  if (!earlier || !path) throw gone();
  return earlier as JobRecord & { result: { lastFramePath: string } };
}

/**
 * Continue: a new job whose start image is the earlier video's last frame, with its settings and LoRA
 * and a new seed. The button opens the modal (maker only); the modal's answer starts the job.
 */
export const continueHandler: ComponentHandler = {
  prefix: continuePrefix,
  defer: "none",
  access: "generate",

  async handleButton(interaction, args, ctx) {
    const { jobId } = parseContinueArgs(args);
    const earlier = await continuableJob(ctx, jobId);
    if (earlier.origin.userId !== interaction.user.id) throw notYours();
    await interaction.showModal(
      continueModal(earlier, "own", ctx.config.sampling, localeOf(interaction.locale)),
    );
  },

  async handleModal(interaction, args, ctx) {
    const { jobId, via } = parseContinueArgs(args);
    const fields = readAnimateFields(interaction, ctx.config.sampling);
    const earlier = await continuableJob(ctx, jobId);
    if (via === "own" && earlier.origin.userId !== interaction.user.id) throw notYours();
    const url = earlier.resultMessageId ? messageUrl(earlier.origin, earlier.resultMessageId) : undefined;
    const draft = await draftContinuation(earlier, fields, url);
    if (!draft) throw gone();
    await interaction.deferReply();
    ctx.publicReply = true;
    await startJob(ctx, { origin: originOf(interaction), ...draft }, showInReply(interaction));
  },
};
