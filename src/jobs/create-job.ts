import { randomUUID } from "node:crypto";
import { mkdir, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "../logger.js";
import { StoreFullError } from "../store/contract.js";
import type { I2VParams } from "../workflow/params.js";
import { type Admission, storeFullRefusal } from "./admission.js";
import type { JobOrigin, JobRecord, JobRequest } from "./job.js";

/** Everything a surface (a slash command, Animate, Reroll/Again, Continue, the CLI) gathered for a job. */
export interface NewJob {
  origin: Omit<JobOrigin, "messageId">;
  request: JobRequest;
  params: Omit<I2VParams, "image">;
  /** The prepared input picture (already cropped to `width` × `height`). */
  png: Buffer;
  width: number;
  height: number;
  /** Set when the job continues an earlier video from its last frame. */
  continues?: JobRecord["continues"];
}

/** Where a surface showed a new job, so later messages find it again. */
export interface ShownJob {
  messageId?: string | undefined;
  inputAttachmentId?: string | undefined;
}

/** What the surface adds to a creation: how to charge the job and how to show it. */
export interface JobCreation {
  /** Charges the job (cost cap, daily quota) or throws the refusal; returns how to give it back. */
  charge?: () => Promise<(() => Promise<void>) | undefined>;
  /** Shows the stored job to its user before it gets in line. */
  show?: (job: JobRecord, png: Buffer) => Promise<ShownJob>;
}

export interface CreateJobDeps {
  admission: Pick<Admission, "admit" | "submit" | "abandon">;
  imageDir: string;
  now: () => number;
  logger: Logger;
}

/**
 * The one way a job is born: charge it, save its picture, store it (the caps may refuse), show it, put
 * it in line. Shown only once stored, so a crash in between cannot strand it; when any step refuses,
 * nothing is left behind (no picture, no stored waiting job, the quota given back) and the refusal is
 * thrown to the surface.
 */
export async function createJob(
  deps: CreateJobDeps,
  input: NewJob,
  creation: JobCreation = {},
): Promise<JobRecord> {
  const giveBack = await creation.charge?.().catch((error: unknown) => {
    // The quota count is a store write too: with no room for it, the job is refused like a full store.
    throw error instanceof StoreFullError ? storeFullRefusal(error) : error;
  });
  const id = randomUUID();
  const imagePath = join(deps.imageDir, `${id}.png`);
  const now = deps.now();
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
    ...(input.continues ? { continues: input.continues } : {}),
  };
  let admitted = false;
  try {
    await mkdir(deps.imageDir, { recursive: true });
    await writeFile(imagePath, input.png);
    await deps.admission.admit(job);
    admitted = true;
    const shown = await creation.show?.(job, input.png);
    job.origin.messageId = shown?.messageId;
    job.origin.inputAttachmentId = shown?.inputAttachmentId;
    await deps.admission.submit(job);
    return job;
  } catch (error) {
    if (admitted)
      await deps.admission
        .abandon(job)
        .catch((e: unknown) => deps.logger.warn({ err: e }, "job not abandoned"));
    await unlink(imagePath).catch(() => undefined);
    // The refusal is what the user must read; a store error while giving the count back only gets logged.
    await giveBack?.().catch((e: unknown) => deps.logger.warn({ err: e }, "quota count not given back"));
    throw error;
  }
}
