/** Live previews: ComfyUI's latest preview frame on the progress message, riding on edits made anyway. */
import { afterEach, describe, expect, it } from "vitest";
import type { FakeMessage } from "../fakes/discord/index.js";
import { type World, resultMessages, startWorld, testImage, until } from "./harness.js";

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function runOneJob(previews: "true" | "false") {
  world = await startWorld({
    env: { PREVIEWS: previews },
    comfy: { stepDelayMs: 40, classDelayMs: { VAEDecode: 300 } },
    discord: { rateLimits: "off" },
    bot: { channelSpacingMs: 0, editIntervalMs: 200 },
  });
  const w = world;
  const image = w.discord.addAttachment("in.png", await testImage(320, 180), "image/png");
  const handle = w.discord.sendSlashCommand({
    name: "i2v",
    user: "alice",
    options: { image, prompt: "a fox", duration: 1 },
  });
  await handle.waitForCallback(3_000);
  await until(() => resultMessages(w.discord).length === 1, 30_000);
  const message = w.discord
    .channelMessages(w.discord.channel().id)
    .find((m) => m.interactionId === handle.id && (m.flags & 64) === 0) as FakeMessage;
  await w.close();
  world = undefined;
  return message;
}

const imageOf = (edit: FakeMessage["edits"][number]) =>
  (edit.embeds[0] as { image?: { url: string } } | undefined)?.image?.url;
const withoutImage = (edit: FakeMessage["edits"][number]) =>
  JSON.stringify(edit.embeds.map((e) => ({ ...(e as object), image: undefined })));

describe("live previews", () => {
  it("GIVEN a server that sends previews THEN a progress edit shows the latest frame, frames replace each other, and there are no extra edits", async () => {
    const on = await runOneJob("true");
    const withPreview = on.edits.filter((e) => imageOf(e) === "attachment://preview.jpg");
    expect(withPreview.length).toBeGreaterThan(0);
    // Replaced, not piled up: never more than the thumbnail and one frame.
    for (const edit of on.edits) {
      expect(edit.attachments.filter((a) => a === "preview.jpg").length).toBeLessThanOrEqual(1);
      if (imageOf(edit)) expect(edit.attachments).toEqual(["input.png", "preview.jpg"]);
    }
    // The finished message keeps its thumbnail and drops the last frame.
    expect(on.edits.at(-1)!.attachments).toEqual(["input.png"]);
    // No edit exists for a frame alone: each one changes something besides the picture.
    for (let i = 1; i < on.edits.length; i++)
      expect(withoutImage(on.edits[i]!)).not.toBe(withoutImage(on.edits[i - 1]!));

    const off = await runOneJob("false");
    expect(off.edits.some((e) => imageOf(e))).toBe(false);
    // Edit timing varies a little from run to run; previews must not add edits of their own.
    expect(on.edits.length).toBeLessThanOrEqual(off.edits.length + 1);
  }, 90_000);
});
