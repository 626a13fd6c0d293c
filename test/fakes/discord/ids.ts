import { randomBytes } from "node:crypto";

const discordEpoch = 1_420_070_400_000n;

/** Snowflakes that encode `now()` exactly as Discord does, so discord.js derives the right timestamps. */
export function createSnowflakes(now: () => number): () => string {
  let lastMs = -1n;
  let increment = 0n;
  return () => {
    let ms = BigInt(Math.floor(now())) - discordEpoch;
    if (ms < lastMs) ms = lastMs;
    if (ms === lastMs) increment = (increment + 1n) & 0xfffn;
    else increment = 0n;
    lastMs = ms;
    return ((ms << 22n) | (1n << 17n) | increment).toString();
  };
}

/** An opaque token like Discord's interaction tokens (URL-safe). */
export function randomToken(prefix: string): string {
  return `${prefix}.${randomBytes(24).toString("base64url")}`;
}
