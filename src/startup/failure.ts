import { DiscordAPIError, DiscordjsError } from "discord.js";
import type { Config } from "../config.js";
import { BotHttpServerError } from "../ops/ops-server.js";
import { LinkServerError } from "../links/server.js";
import { redactText } from "../redact.js";
import { LeaseHeldError } from "../store/lease-keeper.js";

/** Start-up stopped: one sentence that names the fix, with the original error kept for LOG_LEVEL=debug. */
export class StartupFailure extends Error {
  override readonly name = "StartupFailure";
}

const networkCodes = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "ECONNRESET",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_SOCKET",
]);

/** The errno-style code of an error or of any error in its cause chain. */
function codeIn(error: unknown): string | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === "string") {
      if (networkCodes.has(code) || code === "EADDRINUSE" || code === "EACCES" || code === "EADDRNOTAVAIL")
        return code;
    }
    // AggregateError (happy-eyeballs connects) keeps the real causes in `errors`.
    const inner = (e as { errors?: unknown[] }).errors?.map(codeIn).find(Boolean);
    if (inner) return inner;
  }
  return undefined;
}

function listenSentence(
  what: string,
  variable: string,
  host: string,
  port: number,
  code: string | undefined,
) {
  if (code === "EADDRINUSE") {
    return `Port ${port} on ${host} is already in use (${variable}). Stop the program that holds it, or set ${variable} to a free port.`;
  }
  if (code === "EACCES") {
    return `The ${what} may not listen on port ${port} (${variable}). Choose a port above 1023 for ${variable}.`;
  }
  return `The ${what} cannot listen on ${host}:${port}. Check ${variable} and its host setting.`;
}

/** Why the bot could not start, as one sentence with the fix; never a class name or a stack. */
export function describeStartupFailure(error: unknown, config: Config): string {
  if (error instanceof StartupFailure || error instanceof LeaseHeldError) return error.message;
  const code = codeIn(error);
  if (error instanceof BotHttpServerError) {
    return listenSentence("health and metrics server", "HTTP_PORT", config.httpHost, config.httpPort, code);
  }
  if (error instanceof LinkServerError) {
    return listenSentence("video link server", "LINK_PORT", config.links.host, config.links.port, code);
  }
  const rejected =
    (error instanceof DiscordjsError && error.code === "TokenInvalid") ||
    (error instanceof DiscordAPIError && error.status === 401);
  if (rejected) {
    return "Discord rejected the bot token. Reset the token in the Developer Portal and update DISCORD_TOKEN.";
  }
  if (code && networkCodes.has(code)) {
    return `Oelala Bot could not reach Discord at ${config.discord.apiUrl} (${code}). Check the network connection, and DISCORD_API_URL if you set it.`;
  }
  if (error instanceof DiscordjsError && error.code === "DisallowedIntents") {
    return "Discord refused the gateway intents the bot asks for. Check the Privileged Gateway Intents on the Bot page of the Developer Portal.";
  }
  const message = error instanceof Error ? error.message : String(error);
  return `Oelala Bot could not start: ${redactText(message).replace(/\s+/g, " ").trim()}`;
}

/** The stack (and causes), for LOG_LEVEL=debug only. */
export function startupFailureDetail(error: unknown): string {
  const parts: string[] = [];
  for (let e = error, depth = 0; e !== undefined && depth < 8; depth++) {
    parts.push(e instanceof Error ? (e.stack ?? e.message) : String(e));
    e = e instanceof Error ? e.cause : undefined;
  }
  return redactText(parts.join("\ncaused by: "));
}
