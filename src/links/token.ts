import { createHash, randomBytes } from "node:crypto";

/** 32 random bytes: 256 bits, far beyond guessing, and 43 URL-safe characters. */
const tokenBytes = 32;
const tokenShape = /^[A-Za-z0-9_-]{43}$/;

export type RandomBytes = (size: number) => Uint8Array;

export function newToken(random: RandomBytes = randomBytes): string {
  const bytes = random(tokenBytes);
  if (bytes.length !== tokenBytes) throw new RangeError(`random source gave ${bytes.length} bytes`);
  return Buffer.from(bytes).toString("base64url");
}

/** True for strings that could be a token; anything else is refused before any lookup. */
export function isTokenShaped(value: string): boolean {
  return tokenShape.test(value);
}

/**
 * What the store keys a link by. Only the hash is kept, so a copy of the database does not hand out
 * working links.
 */
export function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}
