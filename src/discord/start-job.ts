import { randomUUID } from "node:crypto";
import { mkdir, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { APIActionRowComponent, APIButtonComponent, APIEmbed } from "discord.js";
import type { JobOrigin, JobRecord, JobRequest } from "../jobs/job.js";
import type { I2VParams } from "../workflow/params.js";
import type { BotContext } from "./context.js";
import { cancelRow, inputImageName, queuedEmbed } from "./job-embeds.js";

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
}) => Promise<string>;

/**
 * Saves the prepared image, shows the job's message (which gives us its id) and hands the job to the
 * queue. When the queue refuses it, nothing is left behind and the refusal goes to the router.
 */
export async function startJob(ctx: BotContext, input: NewJobInput, show: ShowMessage): Promise<JobRecord> {
  const id = randomUUID();
  await mkdir(ctx.imageDir, { recursive: true });
  const imagePath = join(ctx.imageDir, `${id}.png`);
  await writeFile(imagePath, input.png);
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
  try {
    job.origin.messageId = await show({
      embeds: [queuedEmbed(job, ctx.jobs.list().length + 1)],
      components: [cancelRow(id)],
      files: [{ name: inputImageName, data: input.png }],
    });
    await ctx.jobs.submit(job);
    return job;
  } catch (error) {
    await unlink(imagePath).catch(() => undefined);
    throw error;
  }
}
