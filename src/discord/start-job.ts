import { randomUUID } from "node:crypto";
import { mkdir, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { APIActionRowComponent, APIButtonComponent, APIEmbed } from "discord.js";
import { isAdmin } from "../access/policy.js";
import type { JobOrigin, JobRecord, JobRequest } from "../jobs/job.js";
import type { I2VParams } from "../workflow/params.js";
import type { HandlerContext } from "./command.js";
import type { BotContext } from "./context.js";
import { cancelRow, inputImageName, jobLocale, queuedEmbed } from "./job-embeds.js";

export interface NewJobInput {
  origin: Omit<JobOrigin, "messageId">;
  request: JobRequest;
  params: Omit<I2VParams, "image">;
  png: Buffer;
  width: number;
  height: number;
}

export type ShowMessage = (body: {
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
  files: { name: string; data: Buffer }[];
}) => Promise<{ id: string; attachmentId?: string | undefined }>;

/**
 * Saves the prepared image, shows the job's message (which gives us its id) and hands the job to the
 * queue. When the queue refuses it, nothing is left behind and the refusal goes to the router.
 * The daily quota counts the job here, just before it is shown, and gives it back if it is not queued.
 */
export async function startJob(
  ctx: BotContext & Partial<Pick<HandlerContext, "caller">>,
  input: NewJobInput,
  show: ShowMessage,
): Promise<JobRecord> {
  const { access, caller } = ctx;
  const counted = access && !(caller && isAdmin(access.policy, caller));
  const giveBack = counted ? await access.quota.reserve(input.origin.userId) : undefined;
  const id = randomUUID();
  const imagePath = join(ctx.imageDir, `${id}.png`);
  const now = ctx.now();
  const job: JobRecord = {
    id,
    state: "queued",
    createdAt: now,
    updatedAt: now,
    origin: { ...input.origin },
    request: input.request,
    params: input.params,
    imagePath,
    width: input.width,
    height: input.height,
    attempts: 0,
  };
  let admitted = false;
  try {
    await mkdir(ctx.imageDir, { recursive: true });
    await writeFile(imagePath, input.png);
    await ctx.jobs.admit(job);
    admitted = true;
    const shown = await show({
      embeds: [queuedEmbed(job, ctx.jobs.list().length + 1)],
      components: [cancelRow(id, jobLocale(job))],
      files: [{ name: inputImageName, data: input.png }],
    });
    job.origin.messageId = shown.id;
    job.origin.inputAttachmentId = shown.attachmentId;
    await ctx.jobs.submit(job);
    return job;
  } catch (error) {
    if (admitted)
      await ctx.jobs.abandon(job).catch((e: unknown) => ctx.logger.warn({ err: e }, "job not abandoned"));
    await unlink(imagePath).catch(() => undefined);
    // The refusal is what the user must read; a store error while giving the count back only gets logged.
    await giveBack?.().catch((e: unknown) => ctx.logger.warn({ err: e }, "quota count not given back"));
    throw error;
  }
}
