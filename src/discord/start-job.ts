import type { APIActionRowComponent, APIButtonComponent, APIEmbed } from "discord.js";
import { chargeJob } from "../access/charge.js";
import type { NewJob } from "../jobs/create-job.js";
import type { JobRecord } from "../jobs/job.js";
import type { HandlerContext } from "./command.js";
import type { BotContext } from "./context.js";
import { cancelRow, inputImageName, jobLocale, queuedEmbed } from "./job-embeds.js";

export type NewJobInput = NewJob;

export type ShowMessage = (body: {
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
  files: { name: string; data: Buffer }[];
}) => Promise<{ id: string; attachmentId?: string | undefined }>;

/**
 * Hands a job gathered on Discord to the core's createJob: the caller's charge (cost cap, daily quota;
 * admins are exempt) and the job's message, shown with the input picture and a Cancel button.
 */
export async function startJob(
  ctx: BotContext & Partial<Pick<HandlerContext, "caller">>,
  input: NewJobInput,
  show: ShowMessage,
): Promise<JobRecord> {
  return ctx.jobs.create(input, {
    charge: () =>
      chargeJob(
        ctx.access,
        ctx.caller,
        { ...input.params, width: input.width, height: input.height, userId: input.origin.userId },
        { steps: ctx.config.sampling.steps, maxSeconds: ctx.config.sampling.maxDurationSeconds },
      ),
    show: async (job, png) => {
      const shown = await show({
        embeds: [queuedEmbed(job, ctx.jobs.count() + 1)],
        components: [cancelRow(job.id, jobLocale(job))],
        files: [{ name: inputImageName, data: png }],
      });
      return { messageId: shown.id, inputAttachmentId: shown.attachmentId };
    },
  });
}
