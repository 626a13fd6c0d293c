import { createRequire } from "node:module";
import type { RESTOptions } from "discord.js";

type RestAgent = NonNullable<RESTOptions["agent"]> & { close(): Promise<void> };
type AgentClass = new (options: {
  keepAliveTimeout: number;
  keepAliveMaxTimeout: number;
  connections: number | null;
  pipelining: number;
}) => RestAgent;

/**
 * The Agent class of the undici that @discordjs/rest itself uses. Not ours (undici 7): its body writer
 * only accepts its own FormData class, so a file upload built by @discordjs/rest would not be sent.
 */
function restUndiciAgent(): AgentClass {
  const fromDiscordJs = createRequire(createRequire(import.meta.url).resolve("discord.js"));
  const fromRest = createRequire(fromDiscordJs.resolve("@discordjs/rest"));
  return (fromRest("undici") as { Agent: AgentClass }).Agent;
}

/**
 * The HTTP agent for discord.js's REST client. Its default (undici's global agent) closes a connection
 * after 4 s idle, so the first burst after a quiet spell opens one new connection (a TLS handshake on
 * real Discord) per request, inside the 3 s acknowledgement window. This one keeps them for a minute,
 * with no cap on connections so a burst of defers goes out side by side.
 */
export function createDiscordRestAgent(): RestAgent {
  const Agent = restUndiciAgent();
  return new Agent({
    keepAliveTimeout: 60_000,
    keepAliveMaxTimeout: 10 * 60_000,
    connections: null,
    pipelining: 1,
  });
}
