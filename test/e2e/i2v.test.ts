import { afterEach, describe, expect, it } from "vitest";
import { type World, percentagesShown, resultMessages, startWorld, testImage } from "./harness.js";

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function waitForResult(w: World, timeoutMs = 20_000) {
  await w.discord.waitFor(
    (e) => e.type === "messageCreate" && JSON.stringify(e.message.components).includes("reroll:"),
    { timeoutMs },
  );
  return resultMessages(w.discord).at(-1)!;
}

describe("/i2v end to end", () => {
  it("GIVEN an image and a prompt THEN the reply is deferred, shows rising percentages, and the mp4 is posted in the channel", async () => {
    world = await startWorld({ comfy: { stepDelayMs: 60 } });
    const w = world;
    const image = w.discord.addAttachment("fox.png", await testImage(), "image/png");
    const handle = w.discord.sendSlashCommand({
      name: "i2v",
      options: { image, prompt: "a fox turns its head", duration: 2 },
    });
    expect((await handle.waitForCallback(3_000)).type).toBe(5);

    const result = await waitForResult(w);
    const alice = w.discord.user("alice");
    expect(result.content).toContain(`<@${alice.id}>`);
    expect(result.mentionedUserIds).toEqual([alice.id]);
    expect(result.attachments).toHaveLength(1);
    const video = result.attachments[0]!;
    expect(video.filename).toMatch(/\.mp4$/);
    expect(video.bytes.subarray(4, 8).toString("latin1")).toBe("ftyp");
    expect(JSON.stringify(result.embeds)).toMatch(/Seed `\d+`/);

    const isDone = (m: { interactionId: string | null; embeds: unknown[] }) =>
      m.interactionId === handle.id && JSON.stringify(m.embeds).includes('"title":"Done"');
    const original = w.discord
      .channelMessages(w.discord.channel().id)
      .find((m) => m.interactionId === handle.id)!;
    if (!isDone(original)) await w.discord.waitFor((e) => e.type === "messageUpdate" && isDone(e.message));
    const shown = percentagesShown(original);
    expect(shown.length).toBeGreaterThan(1);
    for (let i = 1; i < shown.length; i++) expect(shown[i]).toBeGreaterThanOrEqual(shown[i - 1]!);
    expect(JSON.stringify(original.edits.at(-1)!.embeds)).toContain("Posted below");
    expect(w.comfy.prompts.filter((p) => p.status === 200)).toHaveLength(1);
    expect(w.discord.rateLimitHits).toEqual([]);
  });

  it("GIVEN a job that outlives the interaction token THEN progress goes on through the channel and the video still arrives", async () => {
    world = await startWorld({
      discord: { tokenLifetimeMs: 1_500 },
      comfy: { stepDelayMs: 40 },
      bot: { tokenUsableMs: 60_000 },
    });
    const w = world;
    const image = w.discord.addAttachment("fox.png", await testImage(), "image/png");
    const handle = w.discord.sendSlashCommand({
      name: "i2v",
      options: { image, prompt: "slow pan", duration: 3 },
    });
    await handle.waitForCallback(3_000);
    const result = await waitForResult(w, 30_000);
    expect(result.attachments[0]?.filename).toMatch(/\.mp4$/);

    const expiredWebhookEdits = w.discord.requests.filter(
      (r) => r.path.startsWith("/webhooks/") && r.status === 401,
    );
    expect(expiredWebhookEdits.length).toBeGreaterThan(0);
    const channelEdits = w.discord.requests.filter(
      (r) => r.method === "PATCH" && r.path.startsWith("/channels/") && r.status === 200,
    );
    expect(channelEdits.length).toBeGreaterThan(0);
    const original = w.discord
      .channelMessages(w.discord.channel().id)
      .find((m) => m.interactionId === handle.id)!;
    expect(
      original.edits.some((e) => e.via === "channel" && /\*\*\d+%\*\*/.test(JSON.stringify(e.embeds))),
    ).toBe(true);
  });
});
