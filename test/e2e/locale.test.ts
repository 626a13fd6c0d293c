import { afterEach, describe, expect, it } from "vitest";
import type { FakeMessage } from "../fakes/discord/index.js";
import { type World, resultMessages, startWorld, testImage, privateReply } from "./harness.js";

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** Everything a message showed over its life: content, embeds and buttons of every revision. */
function everythingShown(message: FakeMessage): string {
  return JSON.stringify([message.content, message.embeds, message.components, message.edits]);
}

async function resultFor(w: World, userId: string) {
  const mine = () => resultMessages(w.discord).find((m) => m.mentionedUserIds.includes(userId));
  if (!mine()) {
    await w.discord.waitFor(
      (e) => e.type === "messageCreate" && e.message.mentionedUserIds.includes(userId),
      { timeoutMs: 20_000 },
    );
  }
  return mine()!;
}

async function finalEdit(w: World, interactionId: string, title: string) {
  const isFinal = (m: FakeMessage) =>
    m.interactionId === interactionId && JSON.stringify(m.embeds).includes(`"title":"${title}"`);
  const original = () =>
    w.discord.channelMessages(w.discord.channel().id).find((m) => m.interactionId === interactionId)!;
  if (!isFinal(original())) await w.discord.waitFor((e) => e.type === "messageUpdate" && isFinal(e.message));
  return original();
}

describe("replies in the user's language", () => {
  it("GIVEN a Dutch and an American user THEN each follows their own video in their own language", async () => {
    // No channel pacing: the second job's short run (after it waited in ComfyUI's queue) is shown too.
    world = await startWorld({ comfy: { stepDelayMs: 20 }, bot: { channelSpacingMs: 0 } });
    const w = world;
    const image = await testImage();
    const dutch = w.discord.sendSlashCommand({
      user: "alice",
      locale: "nl",
      name: "i2v",
      options: {
        image: w.discord.addAttachment("vos.png", image, "image/png"),
        prompt: "een vos",
        duration: 2,
      },
    });
    const american = w.discord.sendSlashCommand({
      user: "bob",
      locale: "en-US",
      name: "i2v",
      options: {
        image: w.discord.addAttachment("fox.png", image, "image/png"),
        prompt: "a fox",
        duration: 2,
      },
    });

    const dutchResult = await resultFor(w, w.discord.user("alice").id);
    expect(dutchResult.content).toContain("je video is klaar");
    const dutchPost = everythingShown(dutchResult);
    expect(dutchPost).toContain('"title":"Je video is klaar"');
    expect(dutchPost).toContain("Instellingen");
    expect(dutchPost).toMatch(/Stappen \d+ \(wissel bij \d+\)/);
    expect(dutchPost).toContain("Nieuwe variant");
    expect(dutchPost).not.toMatch(/ready|Settings|Reroll/);

    const dutchMessage = everythingShown(await finalEdit(w, dutch.id, "Klaar"));
    expect(dutchMessage).toContain("Je video wordt gemaakt");
    expect(dutchMessage).toContain("Voortgang");
    expect(dutchMessage).toMatch(/Samplen|Modellen laden|Beelden decoderen|Video wegschrijven/);
    expect(dutchMessage).toContain("Annuleren");
    expect(dutchMessage).toContain("Hieronder geplaatst.");
    expect(dutchMessage).not.toMatch(/Making your video|Progress|Posted below/);

    const americanResult = await resultFor(w, w.discord.user("bob").id);
    expect(americanResult.content).toContain("your video is ready");
    const americanMessage = everythingShown(await finalEdit(w, american.id, "Done"));
    expect(americanMessage).toContain("Making your video");
    expect(americanMessage).toContain("Posted below.");
    expect(americanMessage).not.toMatch(/Je video|Voortgang|Annuleren/);
  });

  it("GIVEN a Dutch user's refusals THEN they read Dutch, while an American reads English", async () => {
    world = await startWorld({ loras: ["orbit_cam_HN.safetensors", "orbit_cam_LN.safetensors"] });
    const w = world;
    const webPage = Buffer.from("<!doctype html><html><body>hi</body></html>");
    const notImage = w.discord.sendSlashCommand({
      locale: "nl",
      name: "i2v",
      options: { image: w.discord.addAttachment("kat.png", webPage, "image/png"), prompt: "een kat" },
    });
    expect((await privateReply(w, notImage.id)).content).toMatch(/webpagina en geen afbeelding/);

    const unknownLora = w.discord.sendSlashCommand({
      locale: "nl",
      name: "i2v",
      options: {
        image: w.discord.addAttachment("vos.png", await testImage(), "image/png"),
        prompt: "draaien",
        lora: "bestaat_niet.safetensors",
      },
    });
    expect((await privateReply(w, unknownLora.id)).content).toMatch(/Die LoRA staat niet op de videoserver/);

    const english = w.discord.sendSlashCommand({
      locale: "en-GB",
      name: "i2v",
      options: { image: w.discord.addAttachment("cat.png", webPage, "image/png"), prompt: "a cat" },
    });
    expect((await privateReply(w, english.id)).content).toMatch(/web page, not an image/);
    expect(w.bot.jobs.list()).toEqual([]);
  });

  it("GIVEN a Dutch user with a full queue THEN /queue, /cancel and the refusal are in Dutch", async () => {
    world = await startWorld({ env: { PIPELINING: "false", MAX_WAITING_PER_USER: "2" } });
    const w = world;
    w.comfy.pause();
    const submit = async (prompt: string) =>
      w.discord.sendSlashCommand({
        locale: "nl",
        name: "i2v",
        options: { image: w.discord.addAttachment("vos.png", await testImage(), "image/png"), prompt },
      });
    await submit("eerste");
    await w.discord.waitFor(() => w.bot.jobs.list().length === 1);
    await submit("tweede");
    await w.discord.waitFor(() => w.bot.jobs.list().length === 2);
    const third = await submit("derde");
    expect((await privateReply(w, third.id)).content).toMatch(
      /Je hebt al 2 video's die wachten of gemaakt worden/,
    );

    const queue = w.discord.sendSlashCommand({ locale: "nl", name: "queue" });
    expect((await privateReply(w, queue.id)).content).toMatch(/Je hebt \*\*2\*\* video's .*wacht, plaats/s);
    const cancel = w.discord.sendSlashCommand({ locale: "nl", name: "cancel" });
    expect((await privateReply(w, cancel.id)).content).toBe(
      "Geannuleerd: de video is uit de wachtrij gehaald.",
    );
  });
});
