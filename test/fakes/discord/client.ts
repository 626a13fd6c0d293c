import { once } from "node:events";
import { Client, Events, GatewayIntentBits, type ClientOptions } from "discord.js";
import type { FakeDiscord } from "./index.js";

/** discord.js would wait up to 6.5 s before re-identifying within 5 s; irrelevant against a fake. */
const noIdentifyThrottle = () => ({ waitForIdentify: async () => {} });

/**
 * A real discord.js Client logged in to the fake, with the guilds and channels cached.
 * The caller owns it: `await client.destroy()`.
 */
export async function loginClient(
  fake: FakeDiscord,
  options: Partial<ClientOptions> = {},
): Promise<Client<true>> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    ...options,
    rest: { api: fake.apiUrl, cdn: fake.cdnUrl, ...options.rest },
    ws: { buildIdentifyThrottler: noIdentifyThrottle, ...options.ws },
  });
  const ready = once(client, Events.ClientReady);
  try {
    await client.login(fake.token);
    await ready;
  } catch (error) {
    await client.destroy();
    throw error;
  }
  return client as Client<true>;
}
