import { afterEach, describe, expect, it } from "vitest";
import type { InteractionHandle } from "../fakes/discord/index.js";
import { type World, startWorld } from "./harness.js";

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** More than undici's default keep-alive (4 s), which is what discord.js's REST uses on its own. */
const IDLE_MS = 5_500;
const BURST = 12;

async function helpBurst(w: World): Promise<void> {
  const handles: InteractionHandle[] = [];
  for (let i = 0; i < BURST; i++) handles.push(w.discord.sendSlashCommand({ name: "help" }));
  await Promise.all(handles.map((h) => h.waitForCallback(5_000)));
  // The help text is an edit of each deferred reply: wait for those requests too.
  await w.discord.waitFor(
    () =>
      handles.every((h) =>
        w.discord.requests.some((r) => r.method === "PATCH" && r.path.includes(h.token) && r.status > 0),
      ),
    { timeoutMs: 10_000 },
  );
}

describe("connections to Discord kept warm", () => {
  it(
    "GIVEN a burst of commands after more than 4 s of quiet THEN the bot answers them over the connections it already has",
    { timeout: 40_000 },
    async () => {
      world = await startWorld({ discord: { rateLimits: "off" } });
      const w = world;
      await helpBurst(w);
      await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
      const before = w.discord.connectionsAccepted();
      await helpBurst(w);
      expect(w.discord.connectionsAccepted() - before).toBe(0);
    },
  );
});
