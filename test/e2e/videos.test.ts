/** /videos: the caller's finished videos, newest first, paged, through the fake Discord. */
import { afterEach, describe, expect, it } from "vitest";
import type { JobRecord } from "../../src/jobs/job.js";
import { openSqliteStore } from "../../src/store/sqlite/open.js";
import type { FakeMessage } from "../fakes/discord/index.js";
import { makeJob } from "../pool/fixtures.js";
import { type World, privateReply, resultMessages, startWorld, testImage, until } from "./harness.js";

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

function customIdOf(message: FakeMessage, pattern: string): string {
  const match = new RegExp(`"custom_id":"(${pattern})"`).exec(JSON.stringify(message.components));
  if (!match) throw new Error(`no ${pattern} button on message ${message.id}`);
  return match[1]!;
}

function button(message: FakeMessage, which: "prev" | "next") {
  const json = JSON.stringify(message.components);
  const match = new RegExp(`\\{[^{}]*"custom_id":"videos:\\d+:\\d+:${which}"[^{}]*\\}`).exec(json);
  if (!match) throw new Error(`no ${which} button`);
  return JSON.parse(match[0]) as { custom_id: string; disabled?: boolean };
}

/** Finished jobs written to the bot's own store file, as an earlier run of the bot left them. */
async function seedFinished(w: World, guildId: string, channelId: string, jobs: JobRecord[]) {
  const store = openSqliteStore(w.dataDir);
  for (const job of jobs) await store.jobs.create(job);
  await store.close();
  return jobs.map((j) => ({ ...j, origin: { ...j.origin, guildId, channelId } }));
}

function finished(
  id: string,
  userId: string,
  prompt: string,
  finishedAt: number,
  guildId: string,
  channelId: string,
) {
  const base = makeJob(id, userId);
  return {
    ...base,
    state: "done" as const,
    createdAt: finishedAt - 60_000,
    updatedAt: finishedAt,
    origin: { ...base.origin, guildId, channelId, locale: "en" },
    request: { ...base.request, prompt, lora: { label: "Fox motion", strength: 0.8 } },
    params: { ...base.params, prompt, seed: 4242 },
    result: { videoPath: `/nowhere/${id}.mp4`, size: 1, seed: 4242, width: 832, height: 480, frames: 17 },
    resultMessageId: `9${String(finishedAt).slice(-17)}`,
  };
}

describe("/videos", () => {
  it("GIVEN alice has six finished videos and bob one THEN alice pages through hers newest first with links, bob sees none of hers and cannot turn her pages, and bob reads his in Dutch", async () => {
    world = await startWorld({ comfy: { stepDelayMs: 2 }, discord: { rateLimits: "off" } });
    const w = world;
    const guildId = w.discord.guilds[0]!.id;
    const channelId = w.discord.channel().id;
    const alice = w.discord.users.find((u) => u.username === "alice")!.id;
    const bob = w.discord.users.find((u) => u.username === "bob")!.id;

    // One made now through the bot and ComfyUI, five from earlier runs, one of bob's.
    const image = w.discord.addAttachment("in.png", await testImage(320, 180), "image/png");
    w.discord.sendSlashCommand({
      name: "i2v",
      user: "alice",
      options: { image, prompt: "a fox runs", duration: 1 },
    });
    await until(() => resultMessages(w.discord).length === 1, 30_000);
    const made = resultMessages(w.discord)[0]!;
    await until(() => w.bot.jobs.list().length === 0);
    const hour = 3_600_000;
    const earlier = Date.now() - 10 * hour;
    await seedFinished(w, guildId, channelId, [
      ...[1, 2, 3, 4, 5].map((n) =>
        finished(
          `00000000-0000-4000-8000-00000000000${n}`,
          alice,
          `earlier fox ${n} ${"in the snow ".repeat(60)}`,
          earlier + n * hour,
          guildId,
          channelId,
        ),
      ),
      finished("00000000-0000-4000-8000-0000000000b0", bob, "bob's secret owl", earlier, guildId, channelId),
    ]);

    const first = await privateReply(w, w.discord.sendSlashCommand({ name: "videos", user: "alice" }).id);
    expect(first.content).toBe("Your finished videos · page 1");
    const page1 = first.embeds as Array<{ title: string; description: string }>;
    expect(page1.map((e) => e.title)).toEqual(["Video 1", "Video 2", "Video 3", "Video 4", "Video 5"]);
    expect(page1[0]!.description).toContain("a fox runs");
    expect(page1[0]!.description).toContain(
      `(https://discord.com/channels/${guildId}/${channelId}/${made.id})`,
    );
    expect(page1.slice(1).map((e) => /earlier fox (\d)/.exec(e.description)?.[1])).toEqual([
      "5",
      "4",
      "3",
      "2",
    ]);
    expect(page1[1]!.description).toContain("LoRA **Fox motion** × 0.8");
    expect(page1[1]!.description).toContain("`4242`");
    expect(JSON.stringify(first)).not.toContain("owl");
    expect(button(first, "prev").disabled).toBe(true);
    expect(button(first, "next").disabled).toBe(false);

    // Bob holds the id (a forged press): refused privately, alice's page unchanged.
    const next = customIdOf(first, "videos:\\d+:1:next");
    const forged = await privateReply(
      w,
      w.discord.clickButton({ user: "bob", customId: next, messageId: first.id }).id,
    );
    expect(forged.content).toContain("Only the person who asked");
    expect(w.discord.message(first.id)!.content).toBe("Your finished videos · page 1");

    await w.discord.clickButton({ user: "alice", customId: next, messageId: first.id }).waitForCallback();
    await until(() => w.discord.message(first.id)!.content.endsWith("page 2"));
    const second = w.discord.message(first.id)!;
    const page2 = second.embeds as Array<{ title: string; description: string }>;
    expect(page2.map((e) => e.title)).toEqual(["Video 6"]);
    expect(page2[0]!.description).toContain("earlier fox 1");
    expect(button(second, "prev").disabled).toBe(false);
    expect(button(second, "next").disabled).toBe(true);

    const dutch = await privateReply(
      w,
      w.discord.sendSlashCommand({ name: "videos", user: "bob", locale: "nl" }).id,
    );
    expect(dutch.content).toBe("Je klaargemaakte video's · pagina 1");
    expect(
      (dutch.embeds as Array<{ description: string }>).map((e) => e.description.includes("owl")),
    ).toEqual([true]);
    expect(JSON.stringify(dutch)).not.toContain("fox");
    expect(dutch.components).toEqual([]);

    // Every body the bot sent went through the strict fake's limits; none was refused.
    expect(
      w.discord.requests.filter((r) => r.status >= 400).map((r) => `${r.method} ${r.path} ${r.status}`),
    ).toEqual([]);
  }, 60_000);

  it("GIVEN forged pager ids (a page far past the end, a malformed id, another user's id pressed by the caller) THEN the caller sees her first page or a plain refusal, never someone else's videos", async () => {
    world = await startWorld({ discord: { rateLimits: "off" } });
    const w = world;
    const guildId = w.discord.guilds[0]!.id;
    const channelId = w.discord.channel().id;
    const alice = w.discord.users.find((u) => u.username === "alice")!.id;
    const bob = w.discord.users.find((u) => u.username === "bob")!.id;
    const now = Date.now();
    await seedFinished(w, guildId, channelId, [
      finished(
        "00000000-0000-4000-8000-0000000000a1",
        alice,
        "alice's heron",
        now - 1000,
        guildId,
        channelId,
      ),
      finished(
        "00000000-0000-4000-8000-0000000000b1",
        bob,
        "bob's secret owl",
        now - 2000,
        guildId,
        channelId,
      ),
    ]);
    const mine = await privateReply(w, w.discord.sendSlashCommand({ name: "videos", user: "alice" }).id);
    expect(mine.components).toEqual([]);

    await w.discord
      .clickButton({ user: "alice", customId: `videos:${alice}:9999:next`, messageId: mine.id })
      .waitForCallback();
    await until(() => w.discord.message(mine.id)!.edits.length > 0);
    expect(w.discord.message(mine.id)!.content).toBe("Your finished videos · page 1");
    expect(JSON.stringify(w.discord.message(mine.id)!.embeds)).toContain("heron");

    // Bob's id on a button alice presses: refused, bob's videos never shown to her.
    const stolen = await privateReply(
      w,
      w.discord.clickButton({ user: "alice", customId: `videos:${bob}:0:next`, messageId: mine.id }).id,
    );
    expect(stolen.content).toContain("Only the person who asked");
    const malformed = await privateReply(
      w,
      w.discord.clickButton({ user: "alice", customId: "videos:../../etc:x:next", messageId: mine.id }).id,
    );
    expect(malformed.content).not.toMatch(/ZodError|at .*\.ts|\/work\//);
    const everything = JSON.stringify(w.discord.channelMessages(channelId).map((m) => [m.content, m.embeds]));
    expect(everything).not.toContain("owl");
  }, 60_000);
});
