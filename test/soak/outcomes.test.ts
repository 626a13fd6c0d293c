import { describe, expect, it } from "vitest";
import type { FakeMessage, RecordedRequest } from "../fakes/discord/index.js";
import { tallyOutcomes } from "./outcomes.js";

let nextId = 1;
function message(
  fields: Partial<FakeMessage> & { components?: unknown[] },
  edits: unknown[][] = [],
): FakeMessage {
  return {
    id: String(nextId++),
    channelId: "c1",
    guildId: "g1",
    authorId: "bot",
    content: "",
    embeds: [],
    components: [],
    attachments: [],
    flags: 0,
    ephemeral: false,
    interactionId: null,
    allowedMentions: null,
    mentionedUserIds: [],
    createdAt: 0,
    editedAt: null,
    deleted: false,
    edits: edits.map((components) => ({
      at: 0,
      via: "webhook",
      content: "",
      embeds: [],
      components,
      attachments: [],
      flags: 0,
    })),
    ...fields,
  };
}

const button = (customId: string) => [{ type: 1, components: [{ type: 2, custom_id: customId }] }];
/** The job's message: deferred, then edited to show the Cancel button, then finished without buttons. */
const jobMessage = (interactionId: string, jobId: string) =>
  message({ interactionId }, [button(`cancel:${jobId}`), []]);
const result = (jobId: string) =>
  message({ content: "<@1> your video is ready", components: button(`reroll:${jobId}`) });

function failurePing(replyTo: string, status = 200): RecordedRequest {
  return {
    seq: 0,
    receivedAt: 0,
    at: 0,
    method: "POST",
    path: "/channels/111/messages",
    query: {},
    auth: "Bot x",
    body: {
      content: "<@1> your video could not be made: out of memory",
      message_reference: { message_id: replyTo },
    },
    files: [],
    status,
  };
}

describe("what each /i2v came to", () => {
  it("GIVEN one result per job THEN each is delivered and none is lost", () => {
    const messages = [jobMessage("i1", "j1"), jobMessage("i2", "j2"), result("j1"), result("j2")];
    const tally = tallyOutcomes(["i1", "i2"], messages, []);
    expect(tally).toMatchObject({ delivered: 2, pending: 0, duplicated: 0 });
  });

  it("GIVEN a job with no result and no failure message THEN it is counted as lost (pending)", () => {
    const tally = tallyOutcomes(
      ["i1", "i2"],
      [jobMessage("i1", "j1"), jobMessage("i2", "j2"), result("j2")],
      [],
    );
    expect(tally.outcomes.get("i1")).toBe("pending");
    expect(tally).toMatchObject({ delivered: 1, pending: 1 });
  });

  it("GIVEN a job whose result was posted twice THEN it is duplicated", () => {
    const tally = tallyOutcomes(["i1"], [jobMessage("i1", "j1"), result("j1"), result("j1")], []);
    expect(tally.outcomes.get("i1")).toBe("duplicated");
  });

  it("GIVEN a failure ping replying to the job's message THEN it failed; with a result too it is duplicated", () => {
    const failing = jobMessage("i1", "j1");
    const both = jobMessage("i2", "j2");
    const tally = tallyOutcomes(
      ["i1", "i2"],
      [failing, both, result("j2")],
      [failurePing(failing.id), failurePing(both.id)],
    );
    expect(tally.outcomes.get("i1")).toBe("failed");
    expect(tally.outcomes.get("i2")).toBe("duplicated");
  });

  it("GIVEN a failure ping Discord refused THEN it does not count as an answer", () => {
    const job = jobMessage("i1", "j1");
    expect(tallyOutcomes(["i1"], [job], [failurePing(job.id, 429)]).outcomes.get("i1")).toBe("pending");
  });

  it("GIVEN a private refusal and no job THEN it is refused, not lost", () => {
    const refusal = message({
      interactionId: "i1",
      flags: 64,
      content: "You already have 3 videos waiting.",
    });
    const deferred = message({ interactionId: "i1", deleted: true });
    expect(tallyOutcomes(["i1"], [deferred, refusal], []).outcomes.get("i1")).toBe("refused");
  });
});
