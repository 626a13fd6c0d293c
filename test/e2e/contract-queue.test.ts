import { afterEach, describe, expect, it } from "vitest";
import type { FakeMessage } from "../fakes/discord/index.js";
import { type World, privateReply, startWorld, testImage, until } from "./harness.js";

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const aliceId = "100000000000000001";
const bobId = "100000000000000002";

function buttons(message: FakeMessage): { custom_id?: string; label?: string; disabled?: boolean }[] {
  return (message.components as { components?: { custom_id?: string; label?: string }[] }[]).flatMap(
    (row) => row.components ?? [],
  );
}

const nextButton = (m: FakeMessage) => buttons(m).find((b) => b.label?.includes("Next"));

describe("/queue at any size", () => {
  it("GIVEN an admin and 13 waiting jobs with long prompts THEN /queue answers in pages within 2,000 characters with a total line, and only the caller can turn them", async () => {
    world = await startWorld({
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
    const w = world;
    w.comfy.pause();
    const image = w.discord.addAttachment("in.png", await testImage(320, 180), "image/png");
    for (let n = 1; n <= 13; n++) {
      const prompt = `job ${n}: a very long prompt about a fox that runs through a snowy forest at dawn, slowly`;
      const handle = w.discord.sendSlashCommand({ name: "i2v", options: { image, prompt, duration: 1 } });
      await handle.waitForCallback(3_000);
      await until(() => w.bot.jobs.list().length === n);
    }

    const queue = w.discord.sendSlashCommand({ name: "queue" });
    const reply = await privateReply(w, queue.id);
    expect(reply.content).toContain("13 jobs waiting, page 1 of 2");
    expect(reply.content.length).toBeLessThanOrEqual(2000);
    const failed = w.discord.requests.filter((r) => r.status >= 400 && r.path.includes(queue.token));
    expect(failed).toEqual([]);

    // Someone else pressing the caller's button (a forged click: the reply is private) is refused privately.
    const next = nextButton(reply)!;
    expect(next.custom_id).toBeDefined();
    const before = reply.content;
    const intruder = w.discord.clickButton({ user: "bob", customId: next.custom_id!, messageId: reply.id });
    const refusal = await privateReply(w, intruder.id);
    expect(refusal.content).toMatch(/only .* who asked/i);
    expect(w.discord.message(reply.id)!.content).toBe(before);

    const turn = w.discord.clickButton({ customId: next.custom_id!, messageId: reply.id });
    await turn.waitForCallback(3_000);
    await until(() => w.discord.message(reply.id)!.content.includes("page 2 of 2"));
    const page2 = w.discord.message(reply.id)!;
    expect(page2.content.length).toBeLessThanOrEqual(2000);
    expect(page2.content).toContain("job 13");
    expect(nextButton(page2)?.disabled).toBe(true);
  }, 90_000);
});
