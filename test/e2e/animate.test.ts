import { type APIMessage, REST, type RESTPostAPIChannelMessageJSONBody, Routes } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { type World, resultMessages, startWorld, testImage, privateReply, until } from "./harness.js";

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const commandName = "Animate with Oelala";

/** Someone posts a message in the channel (the fake only lets the bot token post). */
async function postMessage(
  w: World,
  body: RESTPostAPIChannelMessageJSONBody,
  files: { name: string; data: Buffer; contentType: string }[] = [],
): Promise<string> {
  const rest = new REST({ api: w.discord.apiUrl }).setToken(w.discord.token);
  const message = (await rest.post(Routes.channelMessages(w.discord.channel().id), {
    body,
    files,
  })) as APIMessage;
  return message.id;
}

interface TextInput {
  type: number;
  custom_id: string;
  style: number;
  required?: boolean;
  max_length?: number;
}

/** Every text input of a modal, whether wrapped in labels or in action rows. */
function textInputs(modal: unknown): TextInput[] {
  const found: TextInput[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== "object") return;
    const record = node as Record<string, unknown>;
    if (record["type"] === 4 && typeof record["custom_id"] === "string") found.push(node as TextInput);
    visit(record["components"]);
    visit(record["component"]);
  };
  visit((modal as { components: unknown }).components);
  return found;
}

async function openModal(w: World, messageId: string) {
  const handle = w.discord.sendMessageContextCommand({ name: commandName, targetMessage: messageId });
  const callback = await handle.waitForCallback(3_000);
  expect(callback.type).toBe(9);
  return callback.data as { custom_id: string; title: string; components: unknown[] };
}

async function waitForResult(w: World) {
  await w.discord.waitFor(
    (e) => e.type === "messageCreate" && JSON.stringify(e.message.components).includes("reroll:"),
    { timeoutMs: 20_000 },
  );
  return resultMessages(w.discord).at(-1)!;
}

function visibleMessagesOf(w: World, interactionId: string) {
  return w.discord
    .channelMessages(w.discord.channel().id)
    .filter((m) => m.interactionId === interactionId && !m.deleted && (m.flags & 64) === 0);
}

describe("Animate with Oelala (message context menu)", () => {
  it("GIVEN a message with a picture THEN a modal asks for the prompt and the video of that picture arrives in the channel", async () => {
    world = await startWorld({ comfy: { stepDelayMs: 10 } });
    const w = world;
    const registered = w.discord.commands(w.discord.guilds[0]!.id).find((c) => c.name === commandName);
    expect(registered?.type).toBe(3);

    const portrait = await testImage(360, 640);
    const channelId = w.discord.channel().id;
    const messageId = await postMessage(w, { content: "look at my fox" }, [
      { name: "fox.png", data: portrait, contentType: "image/png" },
    ]);

    const modal = await openModal(w, messageId);
    expect(modal.custom_id).toBe(`animate:${channelId}:${messageId}`);
    expect(modal.title).toBe(commandName);
    const inputs = textInputs(modal);
    expect(inputs.map((i) => i.custom_id)).toEqual(["prompt", "duration"]);
    expect(inputs[0]).toMatchObject({ style: 2, required: true, max_length: 1500 });
    expect(inputs[1]).toMatchObject({ style: 1, required: false });

    const submit = w.discord.submitModal({
      customId: modal.custom_id,
      fields: { prompt: "the fox turns its head", duration: "2" },
    });
    const ack = await submit.waitForCallback(3_000);
    expect(ack.type).toBe(5);
    expect(((ack.data as { flags?: number } | undefined)?.flags ?? 0) & 64).toBe(0);

    const result = await waitForResult(w);
    const alice = w.discord.user("alice");
    expect(result.content).toContain(`<@${alice.id}>`);
    expect(result.mentionedUserIds).toEqual([alice.id]);
    expect(result.attachments[0]?.filename).toMatch(/\.mp4$/);
    expect(result.attachments[0]?.bytes.subarray(4, 8).toString("latin1")).toBe("ftyp");
    const settings = JSON.stringify(result.embeds);
    expect(settings).toContain("**2 s**");
    expect(settings).toContain("9:16");
    expect(settings).toContain("the fox turns its head");
    expect(w.comfy.prompts.filter((p) => p.status === 200)).toHaveLength(1);
  });

  it("GIVEN a message whose only picture is an embed on a Discord host THEN that picture is animated", async () => {
    world = await startWorld();
    const w = world;
    const hosted = w.discord.addAttachment("wide.png", await testImage(640, 360), "image/png");
    const messageId = await postMessage(w, { embeds: [{ image: { url: hosted.url } }] });

    const modal = await openModal(w, messageId);
    w.discord.submitModal({ customId: modal.custom_id, fields: { prompt: "waves roll in", duration: "" } });

    const result = await waitForResult(w);
    const settings = JSON.stringify(result.embeds);
    expect(settings).toContain("16:9");
    expect(settings).toContain(`**${w.config.sampling.defaultDurationSeconds} s**`);
    expect(w.discord.requests.some((r) => r.path.includes("wide.png"))).toBe(true);
  });

  it("GIVEN a message without a picture THEN the user is told privately, no modal opens and no job starts", async () => {
    world = await startWorld();
    const w = world;
    const textOnly = await postMessage(w, { content: "just words" });
    const elsewhere = await postMessage(w, {
      embeds: [{ image: { url: "https://images.example.com/cat.png" } }],
    });
    const document = await postMessage(w, { content: "notes" }, [
      { name: "notes.txt", data: Buffer.from("not a picture"), contentType: "text/plain" },
    ]);

    for (const messageId of [textOnly, elsewhere, document]) {
      const handle = w.discord.sendMessageContextCommand({ name: commandName, targetMessage: messageId });
      const callback = await handle.waitForCallback(3_000);
      expect(callback.type).toBe(4);
      const data = callback.data as { content: string; flags: number };
      expect(data.flags & 64).toBe(64);
      expect(data.content).toMatch(/no image to animate/);
      expect(w.discord.callbacks(handle.id).some((c) => c.type === 9)).toBe(false);
    }
    expect(w.bot.jobs.list()).toEqual([]);
    expect(w.comfy.prompts).toEqual([]);
  });

  it("GIVEN a duration that is not a number of seconds within the limit THEN the user reads a private sentence and nothing is posted", async () => {
    world = await startWorld();
    const w = world;
    const messageId = await postMessage(w, {}, [
      { name: "fox.png", data: await testImage(), contentType: "image/png" },
    ]);
    const modal = await openModal(w, messageId);
    const max = w.config.sampling.maxDurationSeconds;

    for (const duration of ["forever", String(max + 1), "0"]) {
      const submit = w.discord.submitModal({
        customId: modal.custom_id,
        fields: { prompt: "a fox", duration },
      });
      const callback = await submit.waitForCallback(3_000);
      expect(callback.type).toBe(4);
      const data = callback.data as { content: string; flags: number };
      expect(data.flags & 64).toBe(64);
      expect(data.content).toBe(
        `The duration must be a number of seconds from 1 to ${max}, like ${w.config.sampling.defaultDurationSeconds}.`,
      );
      expect(visibleMessagesOf(w, submit.id)).toEqual([]);
    }
    expect(w.bot.jobs.list()).toEqual([]);
    expect(w.comfy.prompts).toEqual([]);
  });

  it("GIVEN the message is deleted while the modal is open THEN the user is told privately and no job starts", async () => {
    world = await startWorld();
    const w = world;
    const channelId = w.discord.channel().id;
    const messageId = await postMessage(w, {}, [
      { name: "fox.png", data: await testImage(), contentType: "image/png" },
    ]);
    const modal = await openModal(w, messageId);
    const rest = new REST({ api: w.discord.apiUrl }).setToken(w.discord.token);
    await rest.delete(Routes.channelMessage(channelId, messageId));

    const submit = w.discord.submitModal({ customId: modal.custom_id, fields: { prompt: "a fox" } });
    const reply = await privateReply(w, submit.id);
    // The picture went with the message: Discord no longer serves a deleted message's attachments.
    expect(reply.content).toMatch(/no longer available/);
    await until(() => visibleMessagesOf(w, submit.id).length === 0);
    expect(w.bot.jobs.list()).toEqual([]);
    expect(w.comfy.prompts).toEqual([]);
  });
});
