import { readFile } from "node:fs/promises";
import type { ButtonInteraction } from "discord.js";
import type { ComponentHandler, HandlerContext } from "../src/discord/command.js";
import { assertCanDeliver } from "../src/discord/app-permissions.js";
import { originOf, showInReply } from "../src/discord/job-interaction.js";
import { startJob } from "../src/discord/start-job.js";
import { UserError } from "../src/errors.js";
import { randomSeed } from "../src/workflow/params.js";

const gone =
  "That video's settings or image are no longer kept, so it cannot be made again. Please use /i2v.";

/**
 * Reroll (a new seed) and Again (the same settings): the button's custom id carries the job id, and
 * everything else comes from the store, so both keep working after a restart.
 */
async function rerun(interaction: ButtonInteraction, jobId: string, ctx: HandlerContext, newSeed: boolean) {
  assertCanDeliver(interaction);
  const earlier = await ctx.jobs.find(jobId);
  if (!earlier) throw new UserError("JOB_GONE", gone);
  const png = await readFile(earlier.imagePath).catch(() => undefined);
  if (!png) throw new UserError("JOB_GONE", gone);
  const seed = newSeed ? randomSeed() : earlier.params.seed;
  await startJob(
    ctx,
    {
      origin: originOf(interaction),
      request: { ...earlier.request, seed },
      params: { ...earlier.params, seed },
      png,
      width: earlier.width,
      height: earlier.height,
    },
    showInReply(interaction),
  );
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
