import { afterEach, describe, expect, it } from "vitest";
import type { FailRule, FakeMessage } from "../fakes/discord/index.js";
import { type World, privateReply, startWorld } from "./harness.js";

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const notImage = Buffer.from("<!doctype html><html><body>hi</body></html>");
const sentence = /web page, not an image/;

function messagesOf(w: World, interactionId: string): FakeMessage[] {
  return w.discord.channelMessages(w.discord.channel().id).filter((m) => m.interactionId === interactionId);
}

/** /i2v with a file that is no image: refused after the public "thinking…" was shown. */
async function refusedAfterPublicDefer(faults: (w: World, token: string) => FailRule[]) {
  world = await startWorld({ discord: { rateLimits: "off" } });
  const w = world;
  const image = w.discord.addAttachment("cat.png", notImage, "image/png");
  // The token is only known once the interaction exists; faults match on the webhook path by pattern.
  for (const rule of faults(w, "")) w.discord.failRoute(rule);
  const handle = w.discord.sendSlashCommand({ name: "i2v", options: { image, prompt: "a cat" } });
  return { w, handle };
}

const webhook = (suffix: string) => new RegExp(`^/webhooks/\\d+/[^/]+${suffix}$`);
const settled = (w: World) =>
  w.discord
    .waitFor((e) => e.type === "request" && e.request.method === "DELETE", { timeoutMs: 5_000 })
    .catch(() => undefined);

describe("error replies after a defer", () => {
  it("GIVEN a refusal after the public thinking THEN the user reads a private sentence and the public thinking is gone", async () => {
    const { w, handle } = await refusedAfterPublicDefer(() => []);
    const reply = await privateReply(w, handle.id);
    expect(reply.content).toMatch(sentence);
    await settled(w);
    const visible = messagesOf(w, handle.id).filter((m) => !m.deleted && !m.ephemeral);
    expect(visible).toEqual([]);
  });

  it("GIVEN the edit to the neutral line fails once THEN it is tried again and the private sentence still arrives", async () => {
    const { w, handle } = await refusedAfterPublicDefer(() => [
      { method: "PATCH", route: webhook("/messages/@original"), status: 403, code: 50001 },
    ]);
    expect((await privateReply(w, handle.id)).content).toMatch(sentence);
  });

  it("GIVEN the private follow-up fails once THEN it is sent again and the user reads the sentence privately", async () => {
    const { w, handle } = await refusedAfterPublicDefer(() => [
      { method: "POST", route: webhook(""), status: 403, code: 50001 },
    ]);
    expect((await privateReply(w, handle.id)).content).toMatch(sentence);
  });

  it("GIVEN the private follow-up keeps failing THEN the sentence stays in the reply instead of vanishing", async () => {
    const { w, handle } = await refusedAfterPublicDefer(() => [
      { method: "POST", route: webhook(""), status: 403, code: 50001, times: 10 },
    ]);
    await w.discord.waitFor(
      (e) =>
        e.type === "messageUpdate" &&
        e.message.interactionId === handle.id &&
        sentence.test(e.message.content),
      { timeoutMs: 10_000 },
    );
    const original = messagesOf(w, handle.id)[0]!;
    expect(original.deleted).toBe(false);
    expect(original.content).toMatch(sentence);
  });

  it("GIVEN deleting the thinking message fails THEN the private sentence is there and the public reply only says it was not started", async () => {
    const { w, handle } = await refusedAfterPublicDefer(() => [
      { method: "DELETE", route: webhook("/messages/@original"), status: 403, code: 50001 },
    ]);
    expect((await privateReply(w, handle.id)).content).toMatch(sentence);
    await settled(w);
    const original = messagesOf(w, handle.id).find((m) => !m.ephemeral)!;
    expect(original.deleted).toBe(false);
    expect(original.content).not.toMatch(sentence);
    expect(original.content).toMatch(/not started/i);
  });

  it("GIVEN an ephemeral defer whose reply cannot be edited THEN the sentence comes as a private follow-up", async () => {
    world = await startWorld({ discord: { rateLimits: "off" } });
    const w = world;
    // /loras answers in its deferred private reply; both edits (the answer and the error) are refused.
    w.discord.failRoute({
      method: "PATCH",
      route: webhook("/messages/@original"),
      status: 403,
      code: 50001,
      times: 2,
    });
    const handle = w.discord.sendSlashCommand({ name: "loras" });
    const reply = await privateReply(w, handle.id);
    expect(reply.content).toMatch(/reference/i);
  });
});
