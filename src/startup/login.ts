import type { Client } from "discord.js";
import { StartupFailure } from "./failure.js";

/** How long the gateway may take to say READY after login before start-up gives up. */
export const readyTimeoutMs = 30_000;

/**
 * Logs in and waits for READY, but not forever: a login that cannot reach Discord rejects (discord.js
 * retries a few times first), and a gateway that never becomes ready fails after `readyTimeoutMs`.
 */
export async function loginOrFail(
  client: Client,
  token: string | undefined,
  ready: Promise<void>,
  timeoutMs = readyTimeoutMs,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new StartupFailure(
            `Discord did not confirm the connection within ${Math.round(timeoutMs / 1000)} s. Check the network connection, and DISCORD_API_URL if you set it.`,
          ),
        ),
      timeoutMs,
    );
  });
  try {
    await Promise.race([client.login(token).then(() => ready), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
