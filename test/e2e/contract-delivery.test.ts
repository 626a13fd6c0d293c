import { afterEach, describe, expect, it } from "vitest";
import { type World, resultMessages, startWorld, testImage, until } from "./harness.js";

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const MiB = 1024 * 1024;
const adminId = "100000000000000009";

async function i2v(w: World) {
  const image = w.discord.addAttachment("in.png", await testImage(320, 180), "image/png");
  return w.discord.sendSlashCommand({ name: "i2v", options: { image, prompt: "a fox", duration: 1 } });
}

describe("delivery by Discord's rules", () => {
  it("GIVEN a job with progress edits THEN every edit keeps the input picture by its attachment id and the message keeps exactly one picture", async () => {
    world = await startWorld({ discord: { rateLimits: "off" }, bot: { channelSpacingMs: 0 } });
    const w = world;
    const handle = await i2v(w);
    await until(() => resultMessages(w.discord).length === 1, 30_000);
    const jobMessage = w.discord
      .channelMessages(w.discord.channel().id)
      .find((m) => m.interactionId === handle.id && !m.ephemeral)!;
    await until(() => JSON.stringify(w.discord.message(jobMessage.id)!.embeds).includes("Done"));
    const input = jobMessage.attachments.find((a) => a.filename === "input.png")!;
    expect(input).toBeDefined();
    const edits = w.discord.requests.filter(
      (r) =>
        r.method === "PATCH" &&
        r.files.length === 0 &&
        JSON.stringify(r.body ?? {}).includes("attachment://input.png"),
    );
    expect(edits.length).toBeGreaterThan(1);
    for (const edit of edits) {
      expect(edit.status).toBeLessThan(300);
      // The input, and while a live preview is shown, that one frame (previews replace each other).
      const kept = (edit.body as { attachments?: { id: string }[] }).attachments ?? [];
      expect(kept[0]).toEqual({ id: input.id });
      expect(kept.length).toBeLessThanOrEqual(2);
    }
    expect(w.discord.message(jobMessage.id)!.attachments.map((a) => a.filename)).toEqual(["input.png"]);
  });

  it("GIVEN a video that fits neither as file nor compact and no link server THEN the user reads plain words, never a setting, nothing claims 'Posted below', and the admin is told once", async () => {
    world = await startWorld({
      comfy: { stepDelayMs: 2, videoBytes: (node) => (node === "16" ? 12 * MiB : 11 * MiB) },
      discord: {
        rateLimits: "off",
        users: [{ username: "alice" }, { id: adminId, username: "owner" }],
      },
      env: { ADMIN_USERS: adminId },
      bot: { channelSpacingMs: 0 },
    });
    const w = world;
    const first = await i2v(w);
    const jobMessage = () =>
      w.discord
        .channelMessages(w.discord.channel().id)
        .find((m) => m.interactionId === first.id && !m.ephemeral);
    await until(() => /Done|ready/i.test(JSON.stringify(jobMessage()?.embeds ?? [])), 30_000);
    await until(() => w.bot.jobs.list().length === 0);
    const everything = JSON.stringify(
      w.discord.channelMessages(w.discord.channel().id).map((m) => [m.content, m.embeds]),
    );
    expect(everything).toContain(
      "The video is too big for this channel and the bot has no link server; an admin has been told",
    );
    expect(everything).not.toMatch(/PUBLIC_BASE_URL|LINK_PORT|DATA_DIR|[A-Z]{3,}_[A-Z_]{3,}/);
    expect(everything).not.toContain("Posted below");
    expect(w.discord.dmMessages(adminId)).toHaveLength(1);
    expect(w.discord.dmMessages(adminId)[0]!.content).toContain("PUBLIC_BASE_URL");

    await i2v(w);
    await until(
      () =>
        w.bot.jobs.list().length === 0 &&
        w.comfy.prompts.filter((p) => JSON.stringify(p.body).includes("WanImageToVideo")).length === 2,
      30_000,
    );
    expect(w.discord.dmMessages(adminId)).toHaveLength(1);
    expect(w.logs.some((l) => String(l["msg"]).includes("no link server"))).toBe(true);
  });

  it("GIVEN the bot is down longer than Discord keeps nonces and then delivers again THEN the result is posted once", async () => {
    world = await startWorld({
      discord: { rateLimits: "off", nonceWindowMs: 200 },
      bot: { channelSpacingMs: 0 },
    });
    const w = world;
    const handle = await i2v(w);
    // The result post goes out; the job's last edit fails, so the job is still "delivering" when the bot stops.
    await w.discord.waitFor(
      (e) => e.type === "messageCreate" && JSON.stringify(e.message.components).includes("reroll:"),
      { timeoutMs: 30_000 },
    );
    w.discord.failRoute({
      method: "PATCH",
      route: /messages\/(@original|\d+)$/,
      status: 403,
      code: 50001,
      times: 1000,
    });
    await until(() => w.logs.some((l) => l["msg"] === "delivery failed; trying again"), 20_000);
    await w.restartBot(async () => {
      await new Promise((r) => setTimeout(r, 400)); // down longer than the nonce window
      w.discord.clearFaults();
    });
    await until(
      () =>
        /Done/.test(
          JSON.stringify(
            w.discord
              .channelMessages(w.discord.channel().id)
              .find((m) => m.interactionId === handle.id && !m.ephemeral)?.embeds ?? [],
          ),
        ),
      20_000,
    );
    expect(resultMessages(w.discord)).toHaveLength(1);
  }, 60_000);
});
