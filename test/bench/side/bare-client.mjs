/**
 * A bare discord.js 14 client with its default options that only calls `deferReply()`: what the library
 * costs before any bot code. Prints "ready". argv: API URL (…/api), token. Plain JavaScript, so it runs
 * on plain node like the built bot (the start-up bench compares the two).
 */
import { Client, Events, GatewayIntentBits } from "discord.js";
import process from "node:process";
import { z } from "zod";

const [apiUrl, token] = z.tuple([z.string().url(), z.string().min(1)]).parse(process.argv.slice(2));
const client = new Client({
  intents: [GatewayIntentBits.Guilds],
  rest: { api: apiUrl },
  ws: { buildIdentifyThrottler: () => ({ waitForIdentify: async () => {} }) },
});
client.on(Events.InteractionCreate, (interaction) => {
  if (interaction.isRepliable()) void interaction.deferReply().catch(() => undefined);
});
client.once(Events.ClientReady, () => process.stdout.write("ready\n"));
await client.login(token);
