import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeMessage, InteractionHandle, RecordedRequest } from "../fakes/discord/index.js";
import { type World, privateReply, resultMessages, startWorld, testImage, until } from "../e2e/harness.js";
import { loadSpecValidator, specAvailable, specPath } from "./openapi-spec.js";

/**
 * One broad run through the strict fake: every kind of request the bot makes (each command, each
 * button, the modal, progress, results, failures, notices, paging, refusals, permission fallbacks).
 * The strict fake answers any body outside Discord's limits with 400/50035, so "nothing refused" is
 * the first check; the second validates every recorded body against Discord's OpenAPI description.
 */
const MiB = 1024 * 1024;
const aliceId = "100000000000000001";
const bobId = "100000000000000002";
const all = 2248473465835073n;
const SEND_MESSAGES = 1n << 11n;
let oversized = false;
let world: World;

const jobMessageOf = (w: World, h: InteractionHandle) =>
  w.discord.channelMessages(w.discord.channel().id).find((m) => m.interactionId === h.id && !m.ephemeral);
const shows = (m: FakeMessage | undefined, text: RegExp) =>
  m !== undefined && text.test(JSON.stringify(m.embeds));
const buttonId = (m: FakeMessage, prefix: string) =>
  new RegExp(`"custom_id":"(${prefix}[^"]*)"`).exec(JSON.stringify(m.components))?.[1] ?? "";

async function i2v(w: World, options: Record<string, unknown> = {}, user = "alice") {
  const image = w.discord.addAttachment("in.png", await testImage(320, 180), "image/png");
  return w.discord.sendSlashCommand({
    name: "i2v",
    user,
    options: { image, prompt: "a fox", duration: 1, ...options },
  });
}

async function done(w: World, h: InteractionHandle, text = /Done|failed|Cancelled|could not/i) {
  await until(() => shows(jobMessageOf(w, h), text), 30_000).catch((error: unknown) => {
    const warnings = w.logs.filter((l) => Number(l["level"]) >= 40).slice(-5);
    throw new Error(
      `${String(error)}: ${JSON.stringify(jobMessageOf(w, h)?.embeds)} ${JSON.stringify(warnings)}`,
    );
  });
}

async function broadRun(w: World): Promise<void> {
  // Commands with private answers, the LoRA browser and its tabs, autocomplete.
  const help = w.discord.sendSlashCommand({ name: "help" });
  await until(() =>
    w.discord
      .channelMessages(w.discord.channel().id)
      .some((m) => m.interactionId === help.id && m.embeds.length > 0),
  );
  const loras = w.discord.sendSlashCommand({ name: "loras" });
  await until(
    () =>
      (w.discord.channelMessages(w.discord.channel().id).find((m) => m.interactionId === loras.id)?.embeds
        .length ?? 0) > 0,
  );
  const lorasMessage = w.discord
    .channelMessages(w.discord.channel().id)
    .find((m) => m.interactionId === loras.id)!;
  await w.discord
    .clickButton({ customId: buttonId(lorasMessage, "loras:low_noise"), messageId: lorasMessage.id })
    .waitForCallback();
  await w.discord
    .sendAutocomplete({ name: "i2v", options: { prompt: "x", lora: "fox" }, focused: "lora" })
    .waitForCallback();
  await privateReply(w, w.discord.sendSlashCommand({ name: "status" }).id);

  // A whole job with a LoRA: defer, show with the input picture, progress edits, result, done.
  const first = await i2v(w, { lora: "fox_high_noise.safetensors" });
  await done(w, first);
  const result = resultMessages(w.discord)[0]!;
  // Reroll and Again: public defers from buttons on the result.
  const reroll = w.discord.clickButton({ customId: buttonId(result, "reroll:"), messageId: result.id });
  const again = w.discord.clickButton({ customId: buttonId(result, "again:"), messageId: result.id });
  await done(w, reroll);
  await done(w, again);

  // Paging as an admin with 12 waiting jobs; someone else's press; Cancel button and /cancel.
  w.comfy.pause();
  const waiting: InteractionHandle[] = [];
  for (let n = 0; n < 12; n++) {
    waiting.push(
      await i2v(w, { prompt: `waiting job ${n} with a long prompt about a fox in the snow at dawn, slowly` }),
    );
    await until(() => w.bot.jobs.list().length === n + 1);
  }
  const queue = await privateReply(w, w.discord.sendSlashCommand({ name: "queue" }).id);
  const next = buttonId(queue, "queue:[0-9]+:[0-9]+:next");
  await privateReply(w, w.discord.clickButton({ user: "bob", customId: next, messageId: queue.id }).id);
  await w.discord.clickButton({ customId: next, messageId: queue.id }).waitForCallback();
  await until(() => w.discord.message(queue.id)!.content.includes("page 2"));
  const last = jobMessageOf(w, waiting.at(-1)!)!;
  await privateReply(
    w,
    w.discord.clickButton({ customId: buttonId(last, "cancel:"), messageId: last.id }).id,
  );
  await privateReply(w, w.discord.sendSlashCommand({ name: "cancel" }).id);
  w.comfy.resume();
  await until(() => w.bot.jobs.list().length === 0, 60_000);

  // Animate: someone's picture, the menu, the form, the job.
  const picture = w.discord.postAsUser({
    user: "bob",
    files: [{ name: "fox.png", data: await testImage(360, 640), contentType: "image/png" }],
  });
  const menu = w.discord.sendMessageContextCommand({ name: "Animate with Oelala", targetMessage: picture });
  const modal = (await menu.waitForCallback()).data as { custom_id: string };
  const animate = w.discord.submitModal({
    customId: modal.custom_id,
    fields: { prompt: "the fox turns", duration: "1" },
  });
  await done(w, animate);

  // A refusal after the public thinking (neutral edit, private follow-up, delete).
  const notImage = w.discord.addAttachment("x.png", Buffer.from("<html></html>"), "image/png");
  await privateReply(
    w,
    w.discord.sendSlashCommand({ name: "i2v", options: { image: notImage, prompt: "x" } }).id,
  );

  // A failure while sampling: failed embed and the failure ping (a reply).
  w.comfy.failNode("13", {
    atStep: 1,
    message: "Allocation on device",
    exceptionType: "torch.OutOfMemoryError",
  });
  const failing = await i2v(w);
  await done(w, failing, /failed|could not/i);
  w.comfy.clearFaults();

  // A notice: ComfyUI restarts and loses the running job, which is sent again.
  const lost = await i2v(w, { duration: 3 });
  await until(() => w.bot.jobs.list().some((j) => j.job.state === "running"), 20_000);
  await w.comfy.restart({ loseQueue: true, downMs: 100 });
  await done(w, lost);

  // Past the interaction token: progress and the last edit through the channel route.
  w.comfy.pause();
  const late = await i2v(w);
  await until(() => w.bot.jobs.list().length === 1);
  w.discord.expireToken(late.token);
  w.comfy.resume();
  await done(w, late);

  // Nothing fits and there is no link server: plain words, and the admin's one direct message.
  oversized = true;
  await done(w, await i2v(w));
  oversized = false;

  // Permissions: a refusal up front, then a permission lost mid-job (delivered through the webhook).
  const channel = w.discord.channel().id;
  w.discord.setChannelPermissions(channel, all & ~SEND_MESSAGES);
  await privateReply(w, (await i2v(w)).id);
  w.discord.setChannelPermissions(channel, all);
  w.comfy.pause();
  const lostPermission = await i2v(w);
  await until(() => w.bot.jobs.list().length === 1);
  w.discord.setChannelPermissions(channel, all & ~SEND_MESSAGES);
  w.comfy.resume();
  await until(() => resultMessages(w.discord).some((m) => m.interactionId === lostPermission.id), 30_000);
  w.discord.setChannelPermissions(channel, all);
}

beforeAll(async () => {
  world = await startWorld({
    loras: ["fox_high_noise.safetensors", "fox_low_noise.safetensors"],
    comfy: {
      stepDelayMs: 2,
      videoBytes: (node) => (oversized ? (node === "16" ? 12 * MiB : 11 * MiB) : undefined),
    },
    discord: {
      rateLimits: "off",
      users: [
        { id: aliceId, username: "alice" },
        { id: bobId, username: "bob" },
      ],
    },
    env: { ADMIN_USERS: aliceId, MAX_WAITING_PER_USER: "20", PIPELINING: "false" },
    bot: { channelSpacingMs: 0 },
  });
  await broadRun(world);
}, 240_000);
afterAll(async () => world?.close());

const apiRequests = (): RecordedRequest[] =>
  world.discord.requests.filter((r) => !r.path.startsWith("/attachments/") && !r.path.startsWith("/cdn/"));

describe("every request of a broad run", () => {
  it("GIVEN the strict fake THEN it refused nothing the bot sent (only the expired token and the removed permission the run provoked)", () => {
    const provoked = (r: RecordedRequest) =>
      (r.status === 401 && r.path.startsWith("/webhooks/")) ||
      (r.status === 403 && r.path.startsWith("/channels/"));
    const refused = apiRequests()
      .filter((r) => r.status >= 400 && !provoked(r))
      .map((r) => ({
        method: r.method,
        path: r.path.replace(/\/webhooks\/(\d+)\/[^/]+/, "/webhooks/$1/…"),
        status: r.status,
        body: r.body,
      }));
    expect(refused).toEqual([]);
  });

  it("GIVEN the run THEN it made every kind of request the bot has", () => {
    const kinds = new Set(
      apiRequests().map((r) => {
        const callback = (r.body as { type?: number } | undefined)?.type;
        const path = r.path
          .replace(
            /\/interactions\/\d+\/[^/]+\/callback/,
            `/interactions/{id}/{token}/callback type ${callback}`,
          )
          .replace(/\/webhooks\/\d+\/[^/]+/, "/webhooks/{app}/{token}")
          .replace(/\/\d{6,}/g, "/{id}");
        return `${r.method} ${path}${r.files.length > 0 ? " +files" : ""}`;
      }),
    );
    for (const kind of [
      "PUT /applications/{id}/guilds/{id}/commands",
      "POST /interactions/{id}/{token}/callback type 4",
      "POST /interactions/{id}/{token}/callback type 5",
      "POST /interactions/{id}/{token}/callback type 6",
      "POST /interactions/{id}/{token}/callback type 8",
      "POST /interactions/{id}/{token}/callback type 9",
      "PATCH /webhooks/{app}/{token}/messages/@original",
      "PATCH /webhooks/{app}/{token}/messages/@original +files",
      "DELETE /webhooks/{app}/{token}/messages/@original",
      "POST /webhooks/{app}/{token}",
      "POST /webhooks/{app}/{token} +files",
      "POST /channels/{id}/messages",
      "POST /channels/{id}/messages +files",
      "PATCH /channels/{id}/messages/{id}",
      "GET /channels/{id}/messages",
      "POST /users/@me/channels",
    ])
      expect([...kinds], kind).toContain(kind);
  });

  it.skipIf(!specAvailable)(
    `GIVEN Discord's OpenAPI description (${specPath}) THEN every recorded body is valid by its operation's request schema`,
    () => {
      const spec = loadSpecValidator();
      const checked = new Set<string>();
      const invalid: unknown[] = [];
      for (const r of apiRequests()) {
        const result = spec.check(r.method, r.path, r.body);
        if (result.operationId === null) {
          invalid.push({ unmapped: `${r.method} ${r.path}` });
          continue;
        }
        checked.add(result.operationId);
        if (!result.valid)
          invalid.push({ op: result.operationId, body: r.body, errors: result.errors.slice(0, 5) });
      }
      expect(invalid).toEqual([]);
      expect(checked.size).toBeGreaterThanOrEqual(10);
    },
  );
  if (!specAvailable) it.skip("skipped: spec not found", () => undefined);
});
