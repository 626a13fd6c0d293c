import { type Client, Routes } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { type FakeDiscord, loginClient, startFakeDiscord } from "../fakes/discord/index.js";
import { judge } from "./checker.js";
import { type SubmittedJob, jobShown, prepareJob, sendJob } from "./submit.js";

let discord: FakeDiscord | undefined;
let client: Client | undefined;
afterEach(async () => {
  await client?.destroy();
  await discord?.close();
  client = undefined;
  discord = undefined;
});

/** Plays the bot by hand: each test writes exactly the messages a user would see. */
async function handPlayed() {
  const fake = (discord = await startFakeDiscord({ rateLimits: "off" }));
  // Logged in only so the fake has a gateway session to dispatch the command on.
  const rest = (client = await loginClient(fake)).rest;
  const channelId = fake.channel().id;
  const sent = sendJob(fake, await prepareJob(fake, "alice", "a fox"));
  await rest.post(Routes.interactionCallback(sent.interactionId, sent.token), {
    body: { type: 5 },
    auth: false,
  });
  const original = Routes.webhookMessage(fake.applicationId, sent.token, "@original");
  const show = (title: string, customId?: string, what?: string) =>
    rest.patch(original, {
      auth: false,
      body: {
        embeds: [{ title, ...(what ? { fields: [{ name: "What happened", value: what }] } : {}) }],
        components: customId
          ? [{ type: 1, components: [{ type: 2, style: 2, label: "Go", custom_id: customId }] }]
          : [],
      },
    });
  await show("Waiting in line", "cancel:job-1");
  const job: SubmittedJob = await jobShown(fake, sent);
  const jobMessageId = fake
    .channelMessages(channelId)
    .find((m) => m.interactionId === sent.interactionId)!.id;
  const postResult = () =>
    rest.post(Routes.channelMessages(channelId), {
      body: {
        content: `<@${job.userId}> your video is ready`,
        allowed_mentions: { users: [job.userId] },
        components: [
          { type: 1, components: [{ type: 2, style: 1, label: "Reroll", custom_id: "reroll:job-1" }] },
        ],
      },
    });
  const ping = (reference: string) =>
    rest.post(Routes.channelMessages(channelId), {
      body: {
        content: `<@${job.userId}> your video could not be made: boom (reference \`${reference}\`)`,
        allowed_mentions: { users: [job.userId] },
        message_reference: { message_id: jobMessageId },
      },
    });
  return { fake, job, show, postResult, ping };
}

describe("the fault matrix's checker", () => {
  it("GIVEN a job whose message still says Waiting in line THEN it is judged stuck", async () => {
    const { fake, job } = await handPlayed();
    expect(judge(fake, job).outcome).toBe("stuck");
  });

  it("GIVEN two result posts for one job THEN it is judged duplicated", async () => {
    const { fake, job, postResult } = await handPlayed();
    await postResult();
    await postResult();
    expect(judge(fake, job)).toMatchObject({ outcome: "duplicated", problems: ["2 results"] });
  });

  it("GIVEN a failure with a reference and one ping THEN it is a clean failure; without the ping it is not", async () => {
    const { fake, job, show, ping } = await handPlayed();
    await show("This video could not be made", undefined, "It broke.\nReference: `0123abcd`");
    expect(judge(fake, job)).toMatchObject({ outcome: "failed", problems: ["0 failure pings"] });
    await ping("0123abcd");
    expect(judge(fake, job)).toEqual({
      jobId: "job-1",
      user: "alice",
      outcome: "failed",
      problems: [],
      failure: "It broke.",
    });
  });

  it("GIVEN a result and a failure for the same job THEN it is judged delivered and failed", async () => {
    const { fake, job, show, postResult } = await handPlayed();
    await postResult();
    await show("This video could not be made", undefined, "It broke.\nReference: `0123abcd`");
    expect(judge(fake, job).outcome).toBe("delivered and failed");
  });

  it("GIVEN a result without a video while the message says Done THEN the missing mp4 is a problem", async () => {
    const { fake, job, show, postResult } = await handPlayed();
    await postResult();
    await show("Done");
    expect(judge(fake, job)).toMatchObject({ outcome: "delivered", problems: ["no mp4 attached"] });
  });
});
