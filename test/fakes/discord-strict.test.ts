import { DiscordAPIError, REST, Routes } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "discord.js";
import { type FakeDiscord, loginClient, startFakeDiscord } from "./discord/index.js";

let fake: FakeDiscord;
let rest: REST;
let client: Client;
beforeAll(async () => {
  fake = await startFakeDiscord({ rateLimits: "off", nonceWindowMs: 100 });
  rest = new REST({ api: fake.apiUrl, retries: 0 }).setToken(fake.token);
  // Interactions reach a logged-in gateway session; this one just listens.
  client = await loginClient(fake);
});
afterAll(async () => {
  await client.destroy();
  await fake.close();
});

const post = (body: unknown, files?: { name: string; data: Buffer }[]) =>
  rest.post(Routes.channelMessages(fake.channel().id), { body, ...(files ? { files } : {}) });

async function refusal(body: unknown): Promise<{ status: number; code: unknown; errors: unknown }> {
  try {
    await post(body);
  } catch (error) {
    if (!(error instanceof DiscordAPIError)) throw error;
    return {
      status: error.status,
      code: error.code,
      errors: (error.rawError as { errors?: unknown }).errors,
    };
  }
  throw new Error("accepted");
}

const row = (n: number, prefix = "b") => ({
  type: 1,
  components: Array.from({ length: n }, (_, i) => ({
    type: 2,
    style: 1,
    label: "x",
    custom_id: `${prefix}${i}`,
  })),
});

describe("the strict fake refuses what Discord refuses, with Discord's error shape", () => {
  it.each([
    [
      "content over 2,000",
      { content: "x".repeat(2001) },
      { content: { _errors: [{ code: "BASE_TYPE_MAX_LENGTH" }] } },
    ],
    ["an embed title over 256", { embeds: [{ title: "x".repeat(257) }] }, { embeds: { "0": { title: {} } } }],
    [
      "a description over 4,096",
      { embeds: [{ description: "x".repeat(4097) }] },
      { embeds: { "0": { description: {} } } },
    ],
    [
      "26 fields",
      { embeds: [{ fields: Array.from({ length: 26 }, () => ({ name: "a", value: "b" })) }] },
      { embeds: { "0": { fields: {} } } },
    ],
    [
      "a field value over 1,024",
      { embeds: [{ fields: [{ name: "a", value: "x".repeat(1025) }] }] },
      { embeds: { "0": { fields: { "0": { value: {} } } } } },
    ],
    [
      "a footer over 2,048",
      { embeds: [{ footer: { text: "x".repeat(2049) } }] },
      { embeds: { "0": { footer: { text: {} } } } },
    ],
    [
      "an author over 256",
      { embeds: [{ author: { name: "x".repeat(257) } }] },
      { embeds: { "0": { author: { name: {} } } } },
    ],
    [
      "over 6,000 across embeds",
      { embeds: [{ description: "x".repeat(4000) }, { description: "x".repeat(2001) }] },
      { embeds: { _errors: [{ code: "MAX_EMBED_SIZE_EXCEEDED" }] } },
    ],
    ["11 embeds", { embeds: Array.from({ length: 11 }, () => ({ title: "a" })) }, { embeds: {} }],
    [
      "6 action rows",
      { components: Array.from({ length: 6 }, (_, i) => row(1, `r${i}`)) },
      { components: {} },
    ],
    ["6 buttons in a row", { components: [row(6)] }, { components: { "0": { components: {} } } }],
    [
      "a custom id twice",
      { components: [row(1), row(1)] },
      {
        components: {
          "1": {
            components: { "0": { custom_id: { _errors: [{ code: "COMPONENT_CUSTOM_ID_DUPLICATED" }] } } },
          },
        },
      },
    ],
    [
      "a custom id over 100",
      {
        components: [
          { type: 1, components: [{ type: 2, style: 1, label: "x", custom_id: "x".repeat(101) }] },
        ],
      },
      { components: { "0": { components: { "0": { custom_id: {} } } } } },
    ],
    [
      "a button label over 80",
      {
        components: [{ type: 1, components: [{ type: 2, style: 1, label: "x".repeat(81), custom_id: "a" }] }],
      },
      { components: { "0": { components: { "0": { label: {} } } } } },
    ],
    [
      "a link url over 512",
      {
        components: [
          { type: 1, components: [{ type: 2, style: 5, label: "x", url: `https://x.y/${"x".repeat(512)}` }] },
        ],
      },
      { components: { "0": { components: { "0": { url: {} } } } } },
    ],
    [
      "parse users with a user list",
      { content: "hi", allowed_mentions: { parse: ["users"], users: ["1"] } },
      { allowed_mentions: { parse: {} } },
    ],
    ["the ephemeral flag on a channel message", { content: "hi", flags: 64 }, { flags: {} }],
    [
      "an attachment entry without a snowflake id",
      { content: "hi", attachments: [{ id: "abc" }] },
      { attachments: { "0": { id: {} } } },
    ],
    [
      "attachment:// naming no file",
      { embeds: [{ thumbnail: { url: "attachment://input.png" } }] },
      { embeds: { "0": { thumbnail: { url: {} } } } },
    ],
  ])("GIVEN %s THEN 400 / 50035 with the errors at that field", async (_what, body, errors) => {
    const answer = await refusal(body);
    expect(answer).toMatchObject({ status: 400, code: 50035, errors });
  });

  it("GIVEN an attachment:// reference to a file of the same request, or to a kept attachment on edit, THEN it is accepted", async () => {
    const png = Buffer.from("89504e470d0a1a0a", "hex");
    const created = (await post({ embeds: [{ thumbnail: { url: "attachment://input.png" } }] }, [
      { name: "input.png", data: png },
    ])) as {
      id: string;
      attachments: { id: string }[];
    };
    const kept = {
      embeds: [{ title: "t", thumbnail: { url: "attachment://input.png" } }],
      attachments: [{ id: created.attachments[0]!.id }],
    };
    await rest.patch(Routes.channelMessage(fake.channel().id, created.id), { body: kept });
    await expect(
      rest.patch(Routes.channelMessage(fake.channel().id, created.id), { body: { embeds: kept.embeds } }),
    ).rejects.toMatchObject({ code: 50035 });
  });

  it("GIVEN an enforced nonce older than the configured window THEN a second message is posted; within it, the first comes back", async () => {
    const body = { content: "once", nonce: "n1", enforce_nonce: true };
    const a = (await post(body)) as { id: string };
    const b = (await post(body)) as { id: string };
    expect(b.id).toBe(a.id);
    await new Promise((r) => setTimeout(r, 150));
    const c = (await post(body)) as { id: string };
    expect(c.id).not.toBe(a.id);
    const listed = (await rest.get(Routes.channelMessages(fake.channel().id), {
      query: new URLSearchParams({ after: a.id, limit: "100" }),
    })) as { id: string }[];
    expect(listed.map((m) => m.id)).toContain(c.id);
  });

  it("GIVEN the deferred reply was deleted THEN a follow-up on its token fails with 10008 (observed behaviour)", async () => {
    const handle = fake.sendSlashCommand({ name: "anything" });
    await rest.post(Routes.interactionCallback(handle.id, handle.token), { body: { type: 5 }, auth: false });
    await rest.delete(Routes.webhookMessage(fake.applicationId, handle.token, "@original"), { auth: false });
    await expect(
      rest.post(Routes.webhook(fake.applicationId, handle.token), { body: { content: "late" }, auth: false }),
    ).rejects.toMatchObject({ code: 10008 });
  });

  it("GIVEN 26 autocomplete choices or a 101-character name THEN the callback is refused with 50035", async () => {
    for (const choices of [
      Array.from({ length: 26 }, (_, i) => ({ name: `c${i}`, value: `v${i}` })),
      [{ name: "x".repeat(101), value: "v" }],
    ]) {
      const handle = fake.sendAutocomplete({ name: "i2v", options: { lora: "a" }, focused: "lora" });
      await expect(
        rest.post(Routes.interactionCallback(handle.id, handle.token), {
          body: { type: 8, data: { choices } },
          auth: false,
        }),
      ).rejects.toMatchObject({ code: 50035 });
    }
  });

  it("GIVEN channel permissions without Send Messages THEN Create Message answers 403 / 50013 and interactions carry the same app_permissions", async () => {
    const channelId = fake.channel().id;
    fake.setChannelPermissions(channelId, (2248473465835073n & ~(1n << 11n)).toString());
    await expect(post({ content: "hi" })).rejects.toMatchObject({ status: 403, code: 50013 });
    const handle = fake.sendSlashCommand({ name: "anything" });
    expect(handle.payload.app_permissions).toBe((2248473465835073n & ~(1n << 11n)).toString());
    fake.setChannelPermissions(channelId, "2248473465835073");
  });
});
