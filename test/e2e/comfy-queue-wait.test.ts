/** Our jobs behind other clients' prompts in ComfyUI's own queue (the Oelala web front end shares it). */
import { afterEach, describe, expect, it } from "vitest";
import { busyWithForeign, jobMessage, sharedComfyOptions, submit, webClient } from "./busy-comfy.js";
import { type World, privateReply, resultMessages, startWorld, until } from "./harness.js";

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** Our prompts ComfyUI holds in its pending list right now. */
async function oursPending(w: World): Promise<number> {
  const queue = (await (await fetch(`${w.comfy.url}/queue`)).json()) as { queue_pending: unknown[][] };
  return queue.queue_pending.filter((item) => (item[3] as { client_id?: string }).client_id !== webClient)
    .length;
}

/** Alice's job, shown waiting in ComfyUI's queue behind three prompts of the other client. */
async function firstJobBehindThree() {
  world = await startWorld(await sharedComfyOptions());
  const w = world;
  await busyWithForeign(w, 3);
  const first = await submit(w, "alice", "first");
  await until(() =>
    JSON.stringify(jobMessage(w, first.id)?.embeds ?? "").includes("video server's queue · **3** ahead"),
  );
  return { w, first };
}

describe("waiting in ComfyUI's queue", () => {
  it("GIVEN three prompts of another client on the server THEN our job says it waits there with 3 ahead, and only one of ours waits there at a time", async () => {
    const { w, first } = await firstJobBehindThree();
    // Submitted once the first is in ComfyUI's queue: two jobs prepared side by side may finish
    // intake in either order, and this test follows the first one through.
    const second = await submit(w, "bob", "second");
    await until(() => jobMessage(w, second.id) !== undefined);
    let most = 0;
    for (let i = 0; i < 20; i++) {
      most = Math.max(most, await oursPending(w));
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(most).toBe(1);
    // The second job has not been handed over, so it is still ours to show as next in line.
    expect(JSON.stringify(jobMessage(w, second.id)?.embeds)).not.toContain("Making your video");

    w.comfy.resume();
    await until(() => resultMessages(w.discord).length === 2, 30_000);
    const shown = jobMessage(w, first.id)!.edits.map((e) => JSON.stringify(e.embeds));
    const waitingAt = shown.findIndex((e) => e.includes("**3** ahead"));
    const runningAt = shown.findIndex((e) => e.includes("Making your video"));
    expect(waitingAt).toBeGreaterThanOrEqual(0);
    expect(runningAt).toBeGreaterThan(waitingAt);
  }, 60_000);
});

/** What a job says while it waits for the video server: in ComfyUI's queue, or held back behind one of ours. */
describe("waiting for the video server, as shown", () => {
  it("GIVEN our job waits in ComfyUI's queue behind three and a second is held back behind it THEN /queue says the first waits there with 3 ahead, and the second's message says it waits for the video server", async () => {
    const { w } = await firstJobBehindThree();

    const queue = await privateReply(w, w.discord.sendSlashCommand({ name: "queue", user: "alice" }).id);
    expect(queue.content).toContain("waiting in the video server's queue · 3 ahead");
    expect(queue.content).not.toContain("0%");

    const second = await submit(w, "bob", "second");
    await until(() =>
      JSON.stringify(jobMessage(w, second.id)?.embeds ?? "").includes("Waiting for the video server"),
    );
    const bobQueue = await privateReply(w, w.discord.sendSlashCommand({ name: "queue", user: "bob" }).id);
    expect(bobQueue.content).toContain("waiting for the video server");

    w.comfy.resume();
    await until(() => resultMessages(w.discord).length === 2, 30_000);
  }, 60_000);
});
