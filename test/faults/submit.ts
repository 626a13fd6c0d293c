/** Sending /i2v jobs through the fake Discord and learning each job's id from its message. */
import type { APIAttachment } from "discord.js";
import { testImage } from "../e2e/harness.js";
import type { FakeDiscord, FakeMessage } from "../fakes/discord/index.js";

export interface SubmittedJob {
  user: string;
  userId: string;
  interactionId: string;
  /** The interaction token (for expiring it). */
  token: string;
  jobId: string;
  prompt: string;
}

/** Two users, three jobs: enough for the fair queue and pipelining to interleave them. */
export const defaultUsers = ["alice", "bob", "alice"];

/** The job's own message: the public answer to its /i2v interaction. */
export function jobMessage(discord: FakeDiscord, interactionId: string): FakeMessage | undefined {
  return discord
    .channelMessages(discord.channel().id)
    .find((m) => m.interactionId === interactionId && (m.flags & 64) === 0);
}

function jobIdShownOn(message: FakeMessage | undefined): string | undefined {
  if (!message) return undefined;
  const shown = [message.components, ...message.edits.map((e) => e.components)];
  for (const components of shown) {
    const match = /"custom_id":"cancel:([^"]+)"/.exec(JSON.stringify(components));
    if (match) return match[1];
  }
  return undefined;
}

export async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface PreparedJob {
  user: string;
  prompt: string;
  image: APIAttachment;
}

/** The image upload done ahead, so a test can send commands at an exact moment (e.g. during a drop). */
export async function prepareJob(discord: FakeDiscord, user: string, prompt: string): Promise<PreparedJob> {
  const image = discord.addAttachment("in.png", await testImage(320, 180), "image/png");
  return { user, prompt, image };
}

export interface SentJob extends PreparedJob {
  interactionId: string;
  token: string;
}

/** Dispatches one /i2v (duration 1) now. */
export function sendJob(discord: FakeDiscord, job: PreparedJob): SentJob {
  const { user, prompt, image } = job;
  const handle = discord.sendSlashCommand({ name: "i2v", user, options: { image, prompt, duration: 1 } });
  return { ...job, interactionId: handle.id, token: handle.token };
}

/** Waits until the job's message shows its Cancel button, which names the job. */
export async function jobShown(
  discord: FakeDiscord,
  sent: SentJob,
  timeoutMs = 10_000,
): Promise<SubmittedJob> {
  let jobId: string | undefined;
  await until(
    () => (jobId = jobIdShownOn(jobMessage(discord, sent.interactionId))) !== undefined,
    timeoutMs,
    `the job message of "${sent.prompt}"`,
  );
  return {
    user: sent.user,
    userId: discord.user(sent.user).id,
    interactionId: sent.interactionId,
    token: sent.token,
    jobId: jobId!,
    prompt: sent.prompt,
  };
}

/** Sends the jobs one after the other, each once the previous one is shown, so their order is known. */
export async function submitJobs(
  discord: FakeDiscord,
  label: string,
  users: readonly string[] = defaultUsers,
): Promise<SubmittedJob[]> {
  const jobs: SubmittedJob[] = [];
  for (const [i, user] of users.entries()) {
    const sent = sendJob(discord, await prepareJob(discord, user, `${label} ${i + 1}`));
    jobs.push(await jobShown(discord, sent));
  }
  return jobs;
}
