/**
 * A fake Discord (REST + gateway + CDN) on 127.0.0.1 that a real discord.js 14 Client talks to.
 * Shapes follow /work/shared/discord/NOTES.md §2 and discord-api-types v10.
 *
 *   const fake = await startFakeDiscord();
 *   const client = await loginClient(fake); // or new Client({ rest: { api: fake.apiUrl, cdn: fake.cdnUrl } })
 *   const image = fake.addAttachment("in.png", png, "image/png"); // allow `fake.host` as attachment host
 *   const command = fake.sendSlashCommand({ name: "i2v", options: { image, prompt: "a cat" } });
 *   expect(await command.response()).toEqual({ type: 5, data: { flags: 0 } });
 *   await fake.waitFor((e) => e.type === "messageUpdate" && e.message.content.includes("Done"));
 *   await client.destroy(); await fake.close();
 */

export { startFakeDiscord } from "./fake-discord.js";
export { loginClient } from "./client.js";
export { FakeDiscordTimeout } from "./events.js";
export type * from "./types.js";
export type * from "./controls.js";
