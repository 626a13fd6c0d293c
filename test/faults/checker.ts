/**
 * The fault matrix's shared checker: wait (bounded) until every job sent through the real bot has
 * ended, then judge each job the way its user sees it in the channel.
 */
import { z } from "zod";
import { resultMessages } from "../e2e/harness.js";
import type { FakeDiscord, FakeMessage } from "../fakes/discord/index.js";
import { type SubmittedJob, jobMessage, until } from "./submit.js";

export type Outcome = "delivered" | "failed" | "stuck" | "duplicated" | "delivered and failed";

export interface Verdict {
  jobId: string;
  user: string;
  outcome: Outcome;
  /** What is wrong with an otherwise ended job, in words (empty when all is well). */
  problems: string[];
  /** The failure sentence the user read ("What happened"), when the job failed. */
  failure?: string;
}

const embedSchema = z.looseObject({
  title: z.string().optional(),
  fields: z.array(z.looseObject({ name: z.string(), value: z.string() })).optional(),
});
const failedTitle = "This video could not be made";
const referencePattern = /Reference: `([0-9a-f]{8})`/;

function firstEmbed(message: FakeMessage | undefined) {
  const parsed = embedSchema.safeParse(message?.embeds[0]);
  return parsed.success ? parsed.data : undefined;
}

function resultsOf(discord: FakeDiscord, job: SubmittedJob): FakeMessage[] {
  return resultMessages(discord).filter((m) =>
    JSON.stringify(m.components).includes(`"reroll:${job.jobId}"`),
  );
}

const postSchema = z.looseObject({
  content: z.string().optional(),
  message_reference: z.looseObject({ message_id: z.string() }).optional(),
});

/** Failure pings the bot posted in reply to this job's message (the reply target ties them to the job). */
function failurePings(discord: FakeDiscord, job: SubmittedJob): string[] {
  const messageId = jobMessage(discord, job.interactionId)?.id;
  return discord.requests.flatMap((r) => {
    if (r.method !== "POST" || !/^\/channels\/\d+\/messages$/.test(r.path) || r.status !== 200) return [];
    const body = postSchema.safeParse(r.body);
    if (!body.success || body.data.message_reference?.message_id !== messageId) return [];
    const content = body.data.content ?? "";
    return content.includes("your video could not be made") && content.includes(`<@${job.userId}>`)
      ? [content]
      : [];
  });
}

/** The job has visibly ended: a result was posted or its message says it failed. */
export function hasEnded(discord: FakeDiscord, job: SubmittedJob): boolean {
  return (
    resultsOf(discord, job).length > 0 ||
    firstEmbed(jobMessage(discord, job.interactionId))?.title === failedTitle
  );
}

/** What the job's user sees now. */
export function judge(discord: FakeDiscord, job: SubmittedJob): Verdict {
  const results = resultsOf(discord, job);
  const embed = firstEmbed(jobMessage(discord, job.interactionId));
  const failedShown = embed?.title === failedTitle;
  const base = { jobId: job.jobId, user: job.user };
  if (results.length === 0 && !failedShown) {
    return { ...base, outcome: "stuck", problems: [`its message still says "${embed?.title ?? "nothing"}"`] };
  }
  if (results.length > 0 && failedShown) return { ...base, outcome: "delivered and failed", problems: [] };
  if (results.length > 1) return { ...base, outcome: "duplicated", problems: [`${results.length} results`] };

  const problems: string[] = [];
  if (results.length === 1) {
    const result = results[0]!;
    const video = result.attachments[0];
    if (!video || video.bytes.subarray(4, 8).toString("latin1") !== "ftyp") problems.push("no mp4 attached");
    if (!result.mentionedUserIds.includes(job.userId)) problems.push("the result does not ping its user");
    if (embed?.title !== "Done") problems.push(`its message says "${embed?.title}" instead of "Done"`);
    if (failurePings(discord, job).length > 0) problems.push("the user was also told it failed");
    return { ...base, outcome: "delivered", problems };
  }

  const failure = embed?.fields?.find((f) => f.name === "What happened")?.value ?? "";
  const reference = referencePattern.exec(failure)?.[1];
  if (!reference) problems.push("the failure shows no reference id");
  const pings = failurePings(discord, job);
  if (pings.length !== 1) problems.push(`${pings.length} failure pings`);
  else if (!reference || !pings[0]!.includes(`\`${reference}\``))
    problems.push("the ping names another reference");
  if (/Traceback|127\.0\.0\.1|\/tmp\//.test(failure)) problems.push("the failure leaks server details");
  return { ...base, outcome: "failed", problems, failure: failure.replace(referencePattern, "").trim() };
}

export interface SettleOptions {
  /** Jobs the bot still holds (`bot.jobs.list().length`, or a process's health counts). */
  jobsLeft: () => number | Promise<number>;
  timeoutMs?: number;
  /** Quiet time after everything ended, so a late duplicate or a second ping still shows up. */
  graceMs?: number;
}

/**
 * Waits until every job has ended and the bot holds none, or the timeout passes (a stuck job then
 * shows in its verdict), and returns the verdicts and how many jobs the bot still holds.
 */
export async function settle(
  discord: FakeDiscord,
  jobs: readonly SubmittedJob[],
  options: SettleOptions,
): Promise<{ verdicts: Verdict[]; jobsLeft: number }> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const ended = async () => jobs.every((j) => hasEnded(discord, j)) && (await options.jobsLeft()) === 0;
  await until(ended, timeoutMs, "every job ended").catch(() => undefined);
  await new Promise((r) => setTimeout(r, options.graceMs ?? 250));
  return { verdicts: jobs.map((j) => judge(discord, j)), jobsLeft: await options.jobsLeft() };
}

/** Verdicts as a test compares them: outcome and problems, in job order. */
export function outcomes(verdicts: readonly Verdict[]): { outcome: Outcome; problems: string[] }[] {
  return verdicts.map(({ outcome, problems }) => ({ outcome, problems }));
}

export const allDelivered = (n: number) =>
  Array.from({ length: n }, () => ({ outcome: "delivered" as const, problems: [] }));
