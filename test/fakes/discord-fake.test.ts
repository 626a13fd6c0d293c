import { randomBytes } from "node:crypto";
import {
  ApplicationCommandOptionType,
  ButtonStyle,
  ComponentType,
  DiscordAPIError,
  Events,
  MessageFlags,
  Routes,
  TextInputStyle,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Client,
  type Interaction,
  type MessageContextMenuCommandInteraction,
  type ModalSubmitInteraction,
  type TextChannel,
} from "discord.js";
import sharp from "sharp";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loginClient, startFakeDiscord, type FakeDiscord } from "./discord/index.js";

/** Runs `run` on the next interaction `accept` picks; the promise carries the handler's outcome (5 s at most). */
function nextInteraction<I extends Interaction, T>(
  client: Client,
  accept: (interaction: Interaction) => interaction is I,
  run: (interaction: I) => Promise<T>,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off(Events.InteractionCreate, listener);
      reject(new Error("the client received no matching interaction within 5 s"));
    }, 5_000);
    const listener = (interaction: Interaction) => {
      if (!accept(interaction)) return;
      client.off(Events.InteractionCreate, listener);
      clearTimeout(timer);
      run(interaction).then(resolve, reject);
    };
    client.on(Events.InteractionCreate, listener);
  });
}
const isCommand = (i: Interaction): i is ChatInputCommandInteraction => i.isChatInputCommand();
const isButton = (i: Interaction): i is ButtonInteraction => i.isButton();
const isAutocomplete = (i: Interaction): i is AutocompleteInteraction => i.isAutocomplete();
const isMessageContext = (i: Interaction): i is MessageContextMenuCommandInteraction =>
  i.isMessageContextMenuCommand();
const isModalSubmit = (i: Interaction): i is ModalSubmitInteraction => i.isModalSubmit();

describe("fake Discord driven by a real discord.js Client", () => {
  let fake: FakeDiscord;
  let client: Client<true>;
  let channel: TextChannel;

  beforeEach(async () => {
    fake = await startFakeDiscord({ heartbeatIntervalMs: 100 });
    client = await loginClient(fake);
    channel = client.channels.cache.get(fake.channel().id) as TextChannel;
  });
  afterEach(async () => {
    await client.destroy();
    await fake.close();
  });

  it("GIVEN a login THEN the client is ready with the guild, the generate channel and both users cached", async () => {
    const guild = client.guilds.cache.get(fake.guilds[0]?.id ?? "");
    expect(guild?.name).toBe("Oelala");
    expect(channel.name).toBe("generate");
    expect(channel.isTextBased()).toBe(true);
    expect(guild?.members.cache.get(fake.user("alice").id)?.roles.cache.map((r) => r.name)).toContain(
      "Member",
    );
    expect(guild?.members.cache.has(fake.user("bob").id)).toBe(true);
    expect(client.user.id).toBe(fake.botUser.id);
    expect(fake.identifies).toEqual([expect.objectContaining({ token: fake.token, intents: 1 })]);
  });

  it("GIVEN the bot registers /i2v globally THEN interactions reference the registered command and its option types", async () => {
    const application = await client.application.fetch();
    expect(application.name).toBe(fake.botUser.username);
    const registered = await client.application.commands.set([
      {
        name: "i2v",
        description: "Image to video",
        options: [
          {
            type: ApplicationCommandOptionType.Attachment,
            name: "image",
            description: "Start frame",
            required: true,
          },
          { type: ApplicationCommandOptionType.Number, name: "strength", description: "LoRA strength" },
        ],
      },
    ]);
    const id = registered.first()?.id;
    expect(fake.commands().map((c) => [c.id, c.name])).toEqual([[id, "i2v"]]);

    const seen = nextInteraction(client, isCommand, async (i) => {
      await i.reply({ content: "ok", flags: MessageFlags.Ephemeral });
      return { commandId: i.commandId, strength: i.options.getNumber("strength") };
    });
    const image = fake.addAttachment("in.png", Buffer.from("png"), "image/png");
    fake.sendSlashCommand({ name: "i2v", options: { image, strength: 1 } });
    expect(await seen).toEqual({ commandId: id, strength: 1 });
  });

  it("GIVEN the gateway heartbeat THEN each op 1 is acknowledged with op 11", async () => {
    await fake.waitFor((e) => e.type === "gateway" && e.direction === "out" && e.op === 11);
    expect(fake.identifies).toHaveLength(1);
  });

  it("GIVEN /i2v with an image THEN defer, editReply, followUp and a channel upload all land with their bytes", async () => {
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#c00" } })
      .png()
      .toBuffer();
    const video = randomBytes(300_000);
    const image = fake.addAttachment("cat.png", png, "image/png");
    const handled = nextInteraction(client, isCommand, async (interaction) => {
      await interaction.deferReply();
      const attachment = interaction.options.getAttachment("image", true);
      const downloaded = Buffer.from(await (await fetch(attachment.url)).arrayBuffer());
      const reply = await interaction.editReply({
        content: `Queued: ${interaction.options.getString("prompt")}`,
      });
      const followUp = await interaction.followUp({
        content: "Only you see this",
        flags: MessageFlags.Ephemeral,
      });
      const posted = await channel.send({
        content: `<@${interaction.user.id}> done`,
        files: [{ attachment: video, name: "out.mp4" }],
      });
      return {
        attachment,
        downloaded,
        reply,
        followUp,
        posted,
        limit: interaction.attachmentSizeLimit,
        where: interaction.channel?.id,
      };
    });

    const command = fake.sendSlashCommand({ name: "i2v", options: { image, prompt: "a cat", duration: 5 } });
    const result = await handled;

    expect(await command.response()).toEqual({ type: 5, data: { flags: 0 } });
    expect(result.downloaded.equals(png)).toBe(true);
    expect(result.attachment).toMatchObject({
      name: "cat.png",
      contentType: "image/png",
      size: png.length,
      width: 64,
      height: 48,
    });
    expect(result.limit).toBe(10 * 1024 * 1024);
    expect(result.where).toBe(channel.id);

    const original = fake.message(result.reply.id);
    expect(original).toMatchObject({
      content: "Queued: a cat",
      interactionId: command.id,
      ephemeral: false,
      flags: 0,
    });
    expect(original?.edits.map((e) => e.via)).toEqual(["webhook"]);
    expect(fake.message(result.followUp.id)).toMatchObject({ ephemeral: true, interactionId: command.id });

    const upload = fake.message(result.posted.id);
    expect(upload?.attachments).toHaveLength(1);
    expect(upload?.attachments[0]?.filename).toBe("out.mp4");
    expect(upload?.attachments[0]?.bytes.equals(video)).toBe(true);
    expect(upload?.mentionedUserIds).toEqual([fake.user("alice").id]);
    const served = Buffer.from(
      await (await fetch(result.posted.attachments.first()?.url ?? "")).arrayBuffer(),
    );
    expect(served.equals(video)).toBe(true);
    expect(fake.channelMessages(channel.id).map((m) => m.id)).toEqual([
      result.reply.id,
      result.followUp.id,
      result.posted.id,
    ]);
  });

  it("GIVEN an autocomplete THEN the bot's choices come back as callback type 8", async () => {
    const answered = nextInteraction(client, isAutocomplete, async (interaction) => {
      const focused = interaction.options.getFocused(true);
      await interaction.respond([{ name: `${focused.value}o-lora`, value: `${focused.value}o.safetensors` }]);
      return focused.name;
    });
    const handle = fake.sendAutocomplete({
      name: "i2v",
      options: { prompt: "a cat", lora: "fo" },
      focused: "lora",
    });
    expect(await answered).toBe("lora");
    expect(await handle.response()).toEqual({
      type: 8,
      data: { choices: [{ name: "foo-lora", value: "foo.safetensors" }] },
    });
  });

  it("GIVEN a button on a bot message WHEN bob clicks it THEN update() edits that message", async () => {
    const posted = await channel.send({
      content: "Job 1: running",
      components: [
        {
          type: ComponentType.ActionRow,
          components: [
            { type: ComponentType.Button, style: ButtonStyle.Danger, customId: "cancel:1", label: "Cancel" },
          ],
        },
      ],
    });
    const clicked = nextInteraction(client, isButton, async (interaction) => {
      await interaction.update({ content: `Cancelled by ${interaction.user.username}`, components: [] });
      return interaction.message.id;
    });
    const click = fake.clickButton({ customId: "cancel:1", messageId: posted.id, user: "bob" });
    expect(await clicked).toBe(posted.id);
    expect((await click.response()).type).toBe(7);
    expect(fake.message(posted.id)).toMatchObject({ content: "Cancelled by bob", components: [] });
    expect(fake.message(posted.id)?.edits.map((e) => e.via)).toEqual(["callback"]);
  });

  it("GIVEN an expired interaction token THEN editReply fails with 50027 while bot-token channel edits still work", async () => {
    const deferred = nextInteraction(client, isCommand, async (interaction) => {
      await interaction.deferReply();
      return { interaction, reply: await interaction.editReply("Working…") };
    });
    const command = fake.sendSlashCommand({ name: "i2v", options: { prompt: "a cat" } });
    const { interaction, reply } = await deferred;

    fake.expireToken(command.token);
    const error = await interaction.editReply("Done").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect(error).toMatchObject({ code: 50027, status: 401 });

    await client.rest.patch(Routes.channelMessage(channel.id, reply.id), {
      body: { content: "Done via the channel" },
    });
    expect(fake.message(reply.id)?.content).toBe("Done via the channel");
    await reply.edit("Done via Message#edit");
    expect(fake.message(reply.id)?.edits.map((e) => [e.via, e.content])).toEqual([
      ["webhook", "Working…"],
      ["channel", "Done via the channel"],
      ["channel", "Done via Message#edit"],
    ]);
  });

  it("GIVEN a 429 with retry_after THEN discord.js waits, retries and the message is posted once", async () => {
    const route = /^\/channels\/\d+\/messages$/;
    fake.rateLimit({ method: "POST", route, retryAfterMs: 100 });
    const limited: number[] = [];
    client.rest.on("rateLimited", (info) => limited.push(info.retryAfter));

    await channel.send("hello");

    const posts = fake.requests.filter((r) => r.method === "POST" && route.test(r.path));
    expect(posts.map((r) => r.status)).toEqual([429, 200]);
    expect(limited).toHaveLength(1);
    expect(limited[0]).toBeGreaterThanOrEqual(100);
    expect(fake.channelMessages(channel.id).filter((m) => m.content === "hello")).toHaveLength(1);
  });

  it("GIVEN a 500 once THEN discord.js retries; GIVEN 413/40005 THEN send rejects with that code", async () => {
    const route = /^\/channels\/\d+\/messages$/;
    fake.failRoute({ method: "POST", route, status: 500 });
    await channel.send("survives a 500");
    fake.failRoute({ method: "POST", route, status: 413, code: 40005, message: "Request entity too large" });
    await expect(channel.send("too big")).rejects.toMatchObject({ code: 40005, status: 413 });
    expect(fake.requests.filter((r) => route.test(r.path)).map((r) => r.status)).toEqual([500, 200, 413]);
  });

  it("GIVEN op 7 RECONNECT THEN the client resumes without a second IDENTIFY and still gets interactions", async () => {
    fake.reconnectGateway("reconnect");
    await fake.waitFor((e) => e.type === "gateway" && e.t === "RESUMED");
    const replied = nextInteraction(client, isCommand, async (i) => void (await i.reply("pong")));
    const command = fake.sendSlashCommand({ name: "ping" });
    await replied;
    expect((await command.response()).type).toBe(4);
    expect(fake.identifies).toHaveLength(1);
    expect(fake.resumes).toHaveLength(1);
  });

  it("GIVEN a dropped socket WHEN an interaction is sent meanwhile THEN the resume replays it", async () => {
    fake.reconnectGateway("drop");
    const replied = nextInteraction(client, isCommand, async (i) => void (await i.reply("pong")));
    const command = fake.sendSlashCommand({ name: "ping" });
    await replied;
    expect((await command.response()).type).toBe(4);
    expect(fake.identifies).toHaveLength(1);
    expect(fake.resumes).toEqual([expect.objectContaining({ replayed: 1 })]);
  });

  it("GIVEN a non-resumable INVALID_SESSION THEN the client identifies again and keeps working", async () => {
    fake.reconnectGateway("invalid-session");
    await fake.waitFor((e) => e.type === "gateway" && e.direction === "out" && e.t === "READY", {
      since: fake.mark(),
    });
    const replied = nextInteraction(client, isCommand, async (i) => void (await i.reply("pong")));
    fake.sendSlashCommand({ name: "ping" });
    await replied;
    expect(fake.identifies).toHaveLength(2);
    expect(fake.resumes).toHaveLength(0);
  });

  it("GIVEN a message context command THEN showModal, submitModal and an ephemeral reply follow", async () => {
    const target = await channel.send("a finished video");
    const prompt = {
      type: ComponentType.TextInput,
      customId: "prompt",
      label: "Prompt",
      style: TextInputStyle.Short,
    } as const;
    const modal = {
      customId: `retry:${target.id}`,
      title: "Retry",
      components: [{ type: ComponentType.ActionRow, components: [prompt] }],
    } as const;
    const shown = nextInteraction(client, isMessageContext, async (i) => {
      await i.showModal(modal);
      return i.targetId;
    });
    const context = fake.sendMessageContextCommand({ name: "Retry", targetMessage: target.id });
    expect(await shown).toBe(target.id);
    expect(await context.response()).toMatchObject({
      type: 9,
      data: { custom_id: `retry:${target.id}`, title: "Retry" },
    });

    const submitted = nextInteraction(client, isModalSubmit, async (i) => {
      const content = `Retrying: ${i.fields.getTextInputValue("prompt")}`;
      const response = await i.reply({ content, flags: MessageFlags.Ephemeral, withResponse: true });
      return response.resource?.message?.id ?? null;
    });
    fake.submitModal({ customId: `retry:${target.id}`, fields: { prompt: "a dog" } });
    const replyId = await submitted;
    expect(fake.message(replyId ?? "")).toMatchObject({ content: "Retrying: a dog", ephemeral: true });
    const hidden = await client.rest
      .get(Routes.channelMessage(channel.id, replyId ?? ""))
      .catch((e: unknown) => e);
    expect(hidden).toMatchObject({ code: 10008, status: 404 });
  });

  it("GIVEN deferReply with withResponse THEN the callback response names the loading message", async () => {
    const deferred = nextInteraction(client, isCommand, async (i) => i.deferReply({ withResponse: true }));
    fake.sendSlashCommand({ name: "i2v" });
    const response = await deferred;
    const messageId = response.interaction.responseMessageId ?? "";
    expect(response.interaction.responseMessageLoading).toBe(true);
    expect(fake.message(messageId)?.flags).toBe(MessageFlags.Loading);
  });
});
